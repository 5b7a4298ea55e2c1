/** `--repo DIR --range FROM..TO [--range …] [--repo …]`: the repositories and ranges a bench runs on. */
import { resolve } from 'node:path';

/** The cases named by parseArgs tokens, in order; each --range belongs to the --repo before it. */
export function rangeCases(tokens) {
  const cases = [];
  let repo = null;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'repo') repo = resolve(token.value);
    if (token.name === 'range') {
      if (!repo || !/^[^.]+(?:\.[^.]+)*\.\.[^.].*$/.test(token.value)) throw new Error(`--range FROM..TO needs a --repo before it; got "${token.value}"`);
      const [from, to] = token.value.split('..');
      cases.push({ repo, from, to });
    }
  }
  return cases;
}
