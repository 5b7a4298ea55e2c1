/**
 * Handlebars set up for Markdown: an isolated environment whose `{{value}}` escapes for Markdown
 * instead of HTML, the helper set, the built-in partials plus a user's own, and errors that name
 * the template file and line.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { TemplateError, UsageError } from '../errors.js';
import { createHelpers, HelperError } from './template-helpers.js';

type Environment = typeof Handlebars;

/**
 * Handlebars' documented extension point for code generation: `{{value}}` normally calls
 * `container.escapeExpression` (HTML); here it calls the `md` helper, which escapes Markdown and
 * passes SafeStrings through. Child programs (block bodies) use the same compiler.
 */
function markdownCompiler(env: Environment): unknown {
  const Base = (env as unknown as { JavaScriptCompiler: new () => Record<string, unknown> }).JavaScriptCompiler;
  function MarkdownCompiler(this: unknown) {
    Base.apply(this);
  }
  MarkdownCompiler.prototype = new Base();
  MarkdownCompiler.prototype.compiler = MarkdownCompiler;
  MarkdownCompiler.prototype.appendEscaped = function (this: { pushSource(s: unknown): void; appendToBuffer(parts: unknown[]): unknown; aliasable(name: string): unknown; popStack(): unknown }) {
    // Helpers are wrapped to receive an options object last: the empty one stands in for it.
    this.pushSource(this.appendToBuffer([this.aliasable('container.helpers.md'), '(', this.popStack(), ', {})']));
  };
  return MarkdownCompiler;
}

export interface TemplateSource {
  /** The name shown in errors and recorded in the report: a built-in name, or the path as given. */
  name: string;
  /** The file, for error messages. */
  file: string;
  source: string;
}

export interface RenderOptions {
  /** A folder of `*.hbs` partials, registered by file name (they may replace built-in ones). */
  partialsDir?: string;
  /** Narrative blocks not to render (the ones a person deleted from the report). */
  omitNarratives?: ReadonlySet<string>;
}

const TEMPLATE_ROOT_CANDIDATES = ['../../templates/', '../../../templates/'];

/** The folder of built-in templates, next to src/ in the sources or dist/src/ in the build. */
export function builtinTemplateDir(): string {
  for (const candidate of TEMPLATE_ROOT_CANDIDATES) {
    const url = new URL(candidate, import.meta.url);
    try {
      if (statSync(url).isDirectory() && statSync(new URL('partials/', url)).isDirectory()) return url.pathname;
    } catch {
      // Try the next layout.
    }
  }
  throw new Error('the built-in templates folder is missing from this installation of impl-draft');
}

export interface BuiltinTemplate {
  name: string;
  description: string;
  file: string;
}

const DESCRIPTION = /^\{\{!--\s*impl-draft template:\s*([\s\S]*?)\s*--\}\}/;

/** The built-in templates: every `templates/*.hbs`, described by its opening comment. */
export function builtinTemplates(): BuiltinTemplate[] {
  const dir = builtinTemplateDir();
  return readdirSync(dir)
    .filter((name) => name.endsWith('.hbs'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const description = DESCRIPTION.exec(text)?.[1]?.replace(/\s+/g, ' ') ?? '';
      return { name: basename(file, '.hbs'), description, file: join(dir, file) };
    });
}

/** A built-in template by name, or a user's template file by path. */
export function loadTemplate(nameOrPath: string): TemplateSource {
  const isName = !/[/\\]/.test(nameOrPath) && extname(nameOrPath) === '';
  if (isName) {
    const file = join(builtinTemplateDir(), `${nameOrPath}.hbs`);
    if (existsSync(file)) return { name: nameOrPath, file: relative(process.cwd(), file) || file, source: readFileSync(file, 'utf8') };
    throw new UsageError(`unknown template '${nameOrPath}'; built-in templates: ${builtinTemplates().map((t) => t.name).join(', ')} (or give the path of a .hbs file)`);
  }
  try {
    return { name: nameOrPath, file: nameOrPath, source: readFileSync(nameOrPath, 'utf8') };
  } catch (error) {
    throw new UsageError(`cannot read template ${nameOrPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check the path given to --template`);
  }
}

/** Renders a template with the facts (and anything else) as its context. */
export function renderTemplate(template: TemplateSource, context: object, options: RenderOptions = {}): string {
  const env = Handlebars.create();
  (env as unknown as { JavaScriptCompiler: unknown }).JavaScriptCompiler = markdownCompiler(env);
  env.registerHelper(createHelpers((markdown) => new env.SafeString(markdown)));
  env.registerHelper('helperMissing', function (...args: unknown[]) {
    const options = args[args.length - 1] as { name: string; loc?: { start?: { line?: number } } };
    // Called for a mustache with arguments that names no helper, e.g. a misspelt helper name.
    throw new HelperError(`unknown helper "${options.name}" (see docs/templates.md for the helper set)`, options.loc?.start?.line ?? null);
  });
  registerPartials(env, join(builtinTemplateDir(), 'partials'));
  if (options.partialsDir) registerPartials(env, options.partialsDir, true);

  const compiled = compile(env, template);
  try {
    return compiled(context, { data: { omitNarratives: options.omitNarratives ?? new Set() } });
  } catch (error) {
    throw asTemplateError(error, template.file);
  }
}

function compile(env: Environment, template: TemplateSource): Handlebars.TemplateDelegate {
  try {
    // Parse now, so that syntax errors name this file rather than surfacing at render time.
    env.parse(template.source);
    return env.compile(template.source, { noEscape: false, preventIndent: true });
  } catch (error) {
    throw asTemplateError(error, template.file);
  }
}

function registerPartials(env: Environment, dir: string, fromUser = false): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.hbs'));
  } catch (error) {
    if (!fromUser) throw error;
    throw new UsageError(`cannot read the partials folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check --partials`);
  }
  for (const name of names.sort()) {
    const file = join(dir, name);
    const compiled = compile(env, { name, file, source: readFileSync(file, 'utf8') });
    env.registerPartial(basename(name, '.hbs'), ((context: unknown, runtime: Handlebars.RuntimeOptions) => {
      try {
        return compiled(context, runtime);
      } catch (error) {
        throw asTemplateError(error, file);
      }
    }) as unknown as Handlebars.Template);
  }
}

function asTemplateError(error: unknown, file: string): Error {
  if (error instanceof TemplateError || error instanceof UsageError) return error;
  if (error instanceof HelperError) return new TemplateError(file, error.line, error.message);
  const err = error as Error & { lineNumber?: number };
  let message = err.message ?? String(error);
  let line = typeof err.lineNumber === 'number' ? err.lineNumber : null;
  // Parse errors: "Parse error on line 12:\n<source>\n---^\nExpecting ..., got ..."
  const parse = /^Parse error on line (\d+):[\s\S]*?\nExpecting [\s\S]*, got '([^']*)'$/.exec(message);
  if (parse) {
    line = Number(parse[1]);
    message = parse[2] === 'EOF' ? 'the template ends inside a block: a {{#...}} has no {{/...}}' : `parse error: unexpected ${parse[2]}`;
  }
  message = message.replace(/ - \d+:\d+$/, '');
  if (/^The partial (.+) could not be found$/.test(message)) message = `${message}; partials come from templates/partials or --partials DIR`;
  return new TemplateError(file, line, message);
}
