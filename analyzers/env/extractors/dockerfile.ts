/**
 * Dockerfiles: the variables `ENV` sets in the image and the build arguments `ARG` declares.
 * Spec: https://docs.docker.com/reference/dockerfile/#env, https://docs.docker.com/reference/dockerfile/#arg
 *
 * - `ENV X=v Y="a b"` and the legacy `ENV X value` declare X (and Y): `source: 'compose'`, the
 *   container definition, like a compose service's `environment:`.
 * - `ARG X` / `ARG X=d` declare a build argument: `source: 'ci'`, since the build command (in CI)
 *   supplies it. Values and ARG defaults are never recorded.
 * - Instructions are case-insensitive; `\` continues a line (or the character named by an
 *   `# escape=` directive); comment lines inside a continuation are dropped; heredoc bodies
 *   (`RUN <<EOF`) are skipped. `$X` uses inside instructions are not reported.
 * Files: `Dockerfile`, `Containerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`.
 */
import { ENV_NAME, type EnvExtraction, type EnvExtractor, type EnvReference } from '../model.js';

export function isDockerfilePath(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /^(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$/.test(name) || /\.[Dd]ockerfile$/.test(name);
}

interface Instruction {
  /** The logical line, continuations joined. */
  text: string;
  /** The 1-based source line of each character of `text`. */
  lines: number[];
}

function instructions(source: string): Instruction[] {
  const physical = source.split(/\r?\n/);
  const escapeDirective = /^#\s*escape\s*=\s*([\\`])\s*$/i;
  let escape = '\\';
  for (const line of physical) {
    const directive = /^#\s*(\w+)\s*=/.exec(line);
    if (!directive) break;
    const match = escapeDirective.exec(line);
    if (match) escape = match[1]!;
  }
  const result: Instruction[] = [];
  let current: Instruction | null = null;
  let heredocs: string[] = [];
  for (let index = 0; index < physical.length; index++) {
    const line = physical[index]!;
    if (heredocs.length) {
      if (line.replace(/^\t+/, '') === heredocs[0]) heredocs.shift();
      continue;
    }
    if (/^\s*#/.test(line)) continue;
    if (!current && line.trim() === '') continue;
    current ??= { text: '', lines: [] };
    const continues = line.trimEnd().endsWith(escape);
    const content = continues ? line.trimEnd().slice(0, -1) : line;
    current.text += content + (continues ? ' ' : '');
    current.lines.push(...Array.from({ length: content.length + (continues ? 1 : 0) }, () => index + 1));
    if (!continues) {
      result.push(current);
      heredocs = [...current.text.matchAll(/<<-?\s*["']?([A-Za-z_]\w*)["']?/g)].map((m) => m[1]!);
      current = null;
    }
  }
  if (current) result.push(current);
  return result;
}

/** Words of an instruction's arguments, quotes kept together, with their offsets. */
function words(text: string, from: number): Array<{ word: string; offset: number }> {
  return [...text.slice(from).matchAll(/(?:"(?:[^"\\]|\\.)*"|'[^']*'|\\.|[^\s"'\\])+/g)].map((m) => ({ word: m[0], offset: from + m.index }));
}

export function extractDockerfile(text: string): EnvExtraction {
  const references: EnvReference[] = [];
  for (const instruction of instructions(text)) {
    const keyword = /^\s*(ENV|ARG)\s+/i.exec(instruction.text);
    if (!keyword) continue;
    const isEnv = keyword[1]!.toUpperCase() === 'ENV';
    const args = words(instruction.text, keyword[0].length);
    // Legacy `ENV X value with spaces`: one variable, the rest is its value.
    const declared = isEnv && args[0] && !args[0].word.includes('=') ? args.slice(0, 1) : args;
    for (const { word, offset } of declared) {
      const name = word.split('=')[0]!;
      if (!ENV_NAME.test(name)) continue;
      references.push({ name, source: isEnv ? 'compose' : 'ci', line: instruction.lines[offset] ?? 1, default: null, required: false });
    }
  }
  return { references, dynamic: [] };
}

export const dockerfileExtractor: EnvExtractor = {
  id: 'dockerfile',
  matches: isDockerfilePath,
  extract: (text) => extractDockerfile(text),
};
