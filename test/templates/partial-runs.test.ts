/**
 * `--only` leaves most facts out: every built-in template must still render, with "not analysed"
 * where facts are missing, never a template error. One run per analyzer on the demo repository.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzerIds, collectFacts, render } from '../../src/run.js';
import { builtinTemplates } from '../../src/render/template-engine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'impl-draft-partial-'));
const repo = join(work, 'acme-shop-api');

beforeAll(() => {
  const built = spawnSync(process.execPath, [join(ROOT, 'examples/build-example-repo.mjs'), '--dir', repo], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(built.stderr);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('templates with one analyzer', () => {
  it.each(analyzerIds())('every built-in template renders with --only %s', async (id) => {
    const facts = await collectFacts({ repo, from: 'v1.0.0', to: 'v1.1.0', only: [id], cache: false });
    for (const template of builtinTemplates()) {
      const text = await render(facts, 'md', { template: template.name });
      expect(text.length).toBeGreaterThan(0);
    }
  });
});
