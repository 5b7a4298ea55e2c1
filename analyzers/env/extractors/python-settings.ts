/**
 * Python settings classes that read the environment by field name: pydantic-settings
 * (https://docs.pydantic.dev/latest/concepts/pydantic_settings/), the usual configuration of
 * FastAPI projects, where `class Settings(BaseSettings)` with `DATABASE_URL: PostgresDsn` reads the
 * variable DATABASE_URL without the name appearing in any call.
 *
 * - A settings class inherits `BaseSettings`, or a class of the same file that does.
 * - Each annotated field at the class body's own indentation is a variable: the field name with the
 *   class's `env_prefix` (from `model_config = SettingsConfigDict(...)` or a nested `class Config`),
 *   upper-cased unless `case_sensitive=True` (pydantic matches case-insensitively; the upper-case
 *   name is the one people set). `Field(alias='X')` or `validation_alias='X'` names it outright.
 * - A field without a default is required; a literal default (`= 5432`, `Field('d')`,
 *   `Field(default='d')`) is recorded; `ClassVar` fields, `model_config` and `_private` ones are not
 *   settings.
 */
import type { ScannedSource } from './source-scan.js';
import { literalDefault, readArguments, withoutArgumentName, type ExtractionCollector } from './source-scan.js';

const CLASS_HEADER = /^([ \t]*)class[ \t]+([A-Za-z_]\w*)[ \t]*\(([^)]*)\)[ \t]*:/gm;
const FIELD = /^([A-Za-z_]\w*)[ \t]*:[ \t]*([^=\n]+?)[ \t]*(?:=[ \t]*(.*))?$/;
const NOT_SETTINGS = new Set(['model_config', 'Config']);

interface ClassBlock {
  name: string;
  bases: string[];
  /** Offset of the first character after the header's colon. */
  bodyStart: number;
  indent: number;
}

/** Records every field of every settings class in the file. */
export function collectSettingsFields(source: ScannedSource, found: ExtractionCollector, stringContent: (text: string) => string | null): void {
  const classes = classBlocks(source);
  const settings = new Set<string>(['BaseSettings']);
  // A subclass of a settings class of this file is one too, whatever order they are written in.
  for (let grew = true; grew; ) {
    grew = false;
    for (const block of classes) {
      if (settings.has(block.name) || !block.bases.some((base) => settings.has(base))) continue;
      settings.add(block.name);
      grew = true;
    }
  }
  for (const block of classes) {
    if (block.name === 'BaseSettings' || !block.bases.some((base) => settings.has(base))) continue;
    const lines = bodyLines(source, block);
    const config = lines.map((line) => line.text).join('\n');
    const prefix = /\benv_prefix\s*[=:]\s*([rRuU]?(['"])[^'"\n]*\2)/.exec(config)?.[1];
    const caseSensitive = /\bcase_sensitive\s*[=:]\s*True\b/.test(config);
    const envPrefix = prefix ? (stringContent(prefix) ?? '') : '';
    for (const line of lines) {
      if (line.indent !== line.bodyIndent) continue;
      const field = FIELD.exec(line.text);
      if (!field) continue;
      const [, name, annotation, value] = field;
      if (NOT_SETTINGS.has(name!) || name!.startsWith('_') || /^(?:typing\.)?ClassVar\b/.test(annotation!)) continue;
      const read = fieldRead(source, line.offset + line.text.indexOf('=', name!.length), value, stringContent);
      const variable = read.alias ?? (caseSensitive ? envPrefix + name : (envPrefix + name).toUpperCase());
      found.reference(line.offset, variable, !read.hasDefault, read.default);
    }
  }
}

function classBlocks(source: ScannedSource): ClassBlock[] {
  const blocks: ClassBlock[] = [];
  for (const match of source.code.matchAll(CLASS_HEADER)) {
    if (!source.isCode(match.index + match[1]!.length)) continue;
    const bases = match[3]!.split(',').map((base) => base.trim().split('.').pop()!.replace(/\[.*$/, '')).filter(Boolean);
    blocks.push({ name: match[2]!, bases, bodyStart: match.index + match[0].length, indent: match[1]!.length });
  }
  return blocks;
}

interface BodyLine {
  text: string;
  offset: number;
  indent: number;
  bodyIndent: number;
}

/** The class body's lines that start in code (not inside a docstring), up to the first line back at the class's indentation. */
function bodyLines(source: ScannedSource, block: ClassBlock): BodyLine[] {
  const lines: BodyLine[] = [];
  let bodyIndent = -1;
  let offset = source.code.indexOf('\n', block.bodyStart) + 1;
  while (offset > 0 && offset < source.code.length) {
    const end = source.code.indexOf('\n', offset);
    const raw = source.code.slice(offset, end < 0 ? undefined : end);
    const text = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    if (text !== '' && source.isCode(offset + indent)) {
      if (indent <= block.indent) break;
      if (bodyIndent < 0) bodyIndent = indent;
      lines.push({ text, offset: offset + indent, indent, bodyIndent });
    }
    if (end < 0) break;
    offset = end + 1;
  }
  return lines;
}

/** What a field's `= value` says: a default, and a name given by `Field(alias=...)`. */
function fieldRead(source: ScannedSource, equals: number, value: string | undefined, stringContent: (text: string) => string | null) {
  if (value === undefined || value.trim() === '') return { hasDefault: false, default: null, alias: null };
  const call = /^(?:pydantic\.)?Field\s*\(/.exec(value.trim());
  if (!call) return { hasDefault: true, default: literalDefault(value.trim(), stringContent), alias: null };
  const open = source.code.indexOf('(', equals);
  const { args } = readArguments(source, open);
  const keyword = (key: string) => args.find((a) => new RegExp(`^${key}\\s*=(?!=)`).test(a.text));
  const aliasArg = keyword('validation_alias') ?? keyword('alias');
  const alias = aliasArg ? stringContent(withoutArgumentName(aliasArg.text)) : null;
  const positional = args[0] && !/^[A-Za-z_]\w*\s*=(?!=)/.test(args[0].text) ? args[0] : undefined;
  const defaultArg = keyword('default') ?? positional;
  const factory = keyword('default_factory');
  const isEllipsis = defaultArg?.text === '...' || (defaultArg && withoutArgumentName(defaultArg.text) === '...');
  const hasDefault = (defaultArg !== undefined && !isEllipsis) || factory !== undefined;
  return { hasDefault, default: defaultArg && !isEllipsis ? literalDefault(withoutArgumentName(defaultArg.text), stringContent) : null, alias };
}
