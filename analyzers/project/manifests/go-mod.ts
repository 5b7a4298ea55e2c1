/**
 * go.mod: the module path, the `go` directive and the direct requirements.
 * Spec: https://go.dev/ref/mod#go-mod-file
 * Each directive is one line (`require path version`) or a parenthesised block of such lines.
 * Requirements marked `// indirect` are there for the build list only, not imported by the
 * module, so they are skipped.
 */
import type { DeclaredDependency, ParsedManifest } from './parsed-manifest.js';
import { unreadManifest } from './parsed-manifest.js';
import { rejectConflictMarkers } from './structured-text.js';

const DIRECTIVE_LINE = /^([a-z]+)\s+(.*)$/;
const BLOCK_START = /^([a-z]+)\s*\($/;
/** A module path may be quoted: `module "example.com/x"`. */
const unquote = (token: string) => token.replace(/^"(.*)"$/, '$1').replace(/^`(.*)`$/, '$1');

export function parseGoMod(text: string): ParsedManifest {
  rejectConflictMarkers(text);
  let modulePath: string | null = null;
  let goVersion: string | null = null;
  const dependencies: DeclaredDependency[] = [];
  let block: string | null = null;

  const onDirective = (directive: string, args: string, comment: string) => {
    const tokens = args.trim().split(/\s+/).filter(Boolean);
    if (directive === 'module' && tokens[0]) modulePath = unquote(tokens[0]);
    else if (directive === 'go' && tokens[0]) goVersion = tokens[0];
    else if (directive === 'require' && tokens.length >= 2 && !/\bindirect\b/.test(comment)) {
      dependencies.push({ name: unquote(tokens[0]!), version: unquote(tokens[1]!), type: 'require' });
    }
  };

  for (const rawLine of text.split(/\r?\n/)) {
    const commentAt = rawLine.indexOf('//');
    const comment = commentAt >= 0 ? rawLine.slice(commentAt + 2) : '';
    const line = (commentAt >= 0 ? rawLine.slice(0, commentAt) : rawLine).trim();
    if (line === '') continue;
    if (block !== null) {
      if (line === ')') block = null;
      else onDirective(block, line, comment);
      continue;
    }
    const start = BLOCK_START.exec(line);
    if (start) {
      block = start[1]!;
      continue;
    }
    const directive = DIRECTIVE_LINE.exec(line);
    if (directive) onDirective(directive[1]!, directive[2]!, comment);
  }

  return {
    ...unreadManifest('go'),
    name: modulePath ? moduleName(modulePath) : null,
    dependencies,
    runtime: goVersion ? { name: 'Go', version: goVersion, field: 'go' } : null,
  };
}

/** The last path segment, skipping a major-version suffix: `github.com/acme/shop/v2` is `shop`. */
function moduleName(path: string): string {
  const segments = path.split('/');
  const last = segments[segments.length - 1]!;
  return /^v\d+$/.test(last) && segments.length > 1 ? segments[segments.length - 2]! : last;
}
