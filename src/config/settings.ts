/**
 * One run's settings: the command line over the configuration file over the defaults. The CLI
 * reads flags and files; this decides what wins and checks that the result makes sense.
 */
import { UsageError } from '../errors.js';
import type { EngineChoice } from '../git/open.js';
import { analyzerIds, type CollectOptions, type OutputFormat } from '../run.js';
import { ConfigError, type ConfigFile } from './config-file.js';
import { mergeVariables, variablesFromFile, variablesFromFlags, type Variables } from './variables.js';

/** The flags as yargs gives them; undefined means "not on the command line". */
export interface Flags {
  repo?: string;
  from?: string;
  to?: string;
  template?: string;
  partials?: string;
  format?: string;
  out?: string;
  outDir?: string;
  only?: string[];
  skip?: string[];
  ignore?: string[];
  include?: string[];
  path?: string[];
  lcov?: string[];
  baseLcov?: string[];
  coverageRoot?: string;
  junit?: string[];
  engine?: EngineChoice;
  set?: string[];
  vars?: string;
  charts?: boolean;
  cache?: boolean;
}

export interface Settings {
  collect: CollectOptions;
  template?: string;
  partials?: string;
  vars: Variables;
  /** Undefined when neither the flags nor the file say: a re-draft then keeps what the report had. */
  charts?: boolean;
  formats: OutputFormat[];
  /** A file path or pattern (`docs/releases/{{to}}.md`). */
  out?: string;
  outDir?: string;
}

export function resolveSettings(flags: Flags, config: ConfigFile | null): Settings {
  const file = config?.values ?? {};
  const formats = flags.format !== undefined ? formatList(flags.format) : file.format ?? ['md'];
  const out = flags.out ?? (flags.outDir === undefined ? file.out : undefined);
  const outDir = flags.outDir ?? (flags.out === undefined ? file.outDir : undefined);
  if (out !== undefined && outDir !== undefined) throw new UsageError('use either --out FILE or --out-dir DIR, not both');
  if (formats.length > 1 && outDir === undefined) throw new UsageError(`--format ${formats.join(',')} writes one file per format; add --out-dir DIR`);
  const { only, skip } = analyzerChoice(flags, config);
  const lcov = flags.lcov ?? file.coverage?.lcov;
  const baseLcov = flags.baseLcov ?? file.coverage?.baseLcov;
  if (baseLcov?.length && !lcov?.length) throw new UsageError('--base-lcov is compared with the current coverage; name that too with --lcov FILE');
  const project = file.project ? { project: file.project } : {};
  return {
    collect: {
      repo: flags.repo,
      from: flags.from,
      to: flags.to,
      only,
      skip,
      engine: flags.engine ?? file.engine,
      ignore: flags.ignore ?? file.ignore,
      include: flags.include ?? file.include,
      paths: flags.path,
      locations: { migrations: file.migrations?.paths, routes: file.routes?.paths },
      lcov,
      baseLcov,
      coverageRoot: flags.coverageRoot ?? file.coverage?.root,
      junit: flags.junit ?? file.junit,
      cache: flags.cache ?? file.cache,
    },
    template: flags.template ?? file.template,
    partials: flags.partials ?? file.partials,
    vars: mergeVariables(project, file.vars ?? {}, flags.vars !== undefined ? variablesFromFile(flags.vars) : {}, variablesFromFlags(flags.set ?? [])),
    charts: flags.charts ?? file.charts,
    formats,
    out,
    outDir,
  };
}

/** `md,json` or `md --format json`: known formats, each once, in the order given. */
function formatList(value: string): OutputFormat[] {
  const formats = value.split(',').map((f) => f.trim()).filter(Boolean);
  for (const format of formats) {
    if (format !== 'md' && format !== 'json') throw new UsageError(`--format ${value}: unknown format '${format}'; use md, json or md,json`);
  }
  if (formats.length === 0) throw new UsageError('--format needs md, json or md,json');
  return [...new Set(formats)] as OutputFormat[];
}

/** --only / --skip win; else the config's `analyzers` switches, those set to false skipped. */
function analyzerChoice(flags: Flags, config: ConfigFile | null): { only?: string[]; skip?: string[] } {
  if (flags.only?.length || flags.skip?.length) return { only: flags.only, skip: flags.skip };
  const switches = config?.values.analyzers;
  if (!switches) return {};
  const known = analyzerIds();
  for (const id of Object.keys(switches)) {
    if (!known.includes(id)) throw new ConfigError(`${config.path}: unknown analyzer \`analyzers.${id}\`; the analyzers are ${known.join(', ')}`);
  }
  const skip = Object.entries(switches).filter(([, on]) => !on).map(([id]) => id);
  return skip.length > 0 ? { skip } : {};
}
