/**
 * Gemfile: `gem` declarations with their version constraints and Bundler groups, and the `ruby`
 * version. A Gemfile is Ruby code; this reads the declarative lines real Gemfiles consist of and
 * ignores anything computed.
 * Spec: https://bundler.io/man/gemfile.5.html
 */
import type { DeclaredDependency, ParsedManifest } from './parsed-manifest.js';
import { unreadManifest } from './parsed-manifest.js';
import { rejectConflictMarkers } from './structured-text.js';

/** `gem 'name'` or `gem("name"`, then the rest of the arguments. */
const GEM = /^gem\s*\(?\s*(['"])([^'"]+)\1(.*)$/;
/** Leading string arguments after the name are version constraints: `, '~> 7.1', '>= 7.1.2'`. */
const STRING_ARGUMENT = /^\s*,\s*(['"])([^'"]*)\1/;
/** `group: :test`, `groups: [:development, :test]`, `:group => :test`. */
const GROUP_OPTION = /(?:\bgroups?:|:groups?\s*=>)\s*(\[[^\]]*\]|:\w+|['"]\w+['"])/;
const GROUP_BLOCK = /^group\s*\(?(.*?)\)?\s+do\s*(?:\|[^|]*\|)?$/;
/** Lines that open a block closed by `end`: `platforms :jruby do`, `if ENV[...]`, `source ... do`. */
const OTHER_BLOCK = /(?:^(?:if|unless|case|begin|while|until)\b)|\bdo\s*(?:\|[^|]*\|)?$/;
const RUBY = /^ruby\s*\(?\s*(['"])([^'"]+)\1/;

export function parseGemfile(text: string): ParsedManifest {
  rejectConflictMarkers(text);
  const dependencies: DeclaredDependency[] = [];
  // One entry per open block: the groups it sets, or null for blocks that are not groups.
  const blocks: Array<string[] | null> = [];
  let ruby: string | null = null;

  for (const rawLine of text.split(/\r?\n/)) {
    const line = withoutComment(rawLine).trim();
    if (line === '') continue;
    if (line === 'end' || line.startsWith('end ') || line.startsWith('end.')) {
      blocks.pop();
      continue;
    }
    const group = GROUP_BLOCK.exec(line);
    if (group) {
      blocks.push(symbols(group[1]!));
      continue;
    }
    const gem = GEM.exec(line);
    if (gem) {
      const { constraints, options } = splitArguments(gem[3]!);
      const inline = GROUP_OPTION.exec(options);
      const groups = inline ? symbols(inline[1]!) : (innermostGroup(blocks) ?? ['default']);
      dependencies.push({ name: gem[2]!, version: constraints.length > 0 ? constraints.join(', ') : null, type: groups.join(', ') });
      continue;
    }
    const version = RUBY.exec(line);
    if (version) ruby = version[2]!;
    else if (OTHER_BLOCK.test(line)) blocks.push(null);
  }
  return { ...unreadManifest('rubygems'), dependencies, runtime: ruby ? { name: 'Ruby', version: ruby, field: 'ruby' } : null };
}

function splitArguments(rest: string): { constraints: string[]; options: string } {
  const constraints: string[] = [];
  let remaining = rest;
  for (let match = STRING_ARGUMENT.exec(remaining); match; match = STRING_ARGUMENT.exec(remaining)) {
    constraints.push(match[2]!);
    remaining = remaining.slice(match[0].length);
  }
  return { constraints, options: remaining };
}

function innermostGroup(blocks: Array<string[] | null>): string[] | null {
  for (let i = blocks.length - 1; i >= 0; i--) if (blocks[i]) return blocks[i]!;
  return null;
}

/** `:development, :test` or `[:development, "test"]` → ['development', 'test']. */
function symbols(text: string): string[] {
  return [...text.matchAll(/:?['"]?(\w+)['"]?/g)].map((m) => m[1]!);
}

/** Drops a `#` comment that is not inside a string literal. */
function withoutComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '#') return line.slice(0, i);
  }
  return line;
}
