/**
 * GitHub Actions workflows and composite actions: the variables they set for their steps and the
 * ones their expressions read, as `source: 'ci'`.
 * Spec: https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#env,
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/accessing-contextual-information-about-workflow-runs#env-context
 *
 * - `env:` keys at workflow, job and step level, and of a job's `container:` and `services:`;
 *   in a composite action (`action.yml`), of `runs.steps[]`. Names only, never values.
 * - `env.X` and `env['X']` inside `${{ … }}` expressions, and in `if:` conditions (which are
 *   expressions without the braces): reads, not required, no default.
 * - `secrets.X` and `vars.X` are not reported: they are repository and organisation settings, not
 *   environment variables, and when one reaches a process it does so through an `env:` key, which
 *   is reported. Shell `$X` inside `run:` scripts is not read either.
 * Files: `.github/workflows/*.yml|yaml` and `action.yml|yaml` anywhere. Invalid YAML throws EnvSyntaxError.
 */
import { isScalar, visit, type Document, type Pair } from 'yaml';
import { ENV_NAME, type EnvExtraction, type EnvExtractor, type EnvReference } from '../model.js';
import { asMap, asSeq, child, mapKeys, parseYaml, resolved, type YamlSource } from './yaml-source.js';

export function isGithubActionsPath(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || /(?:^|\/)action\.ya?ml$/.test(path);
}

export function extractGithubActions(text: string): EnvExtraction {
  const yaml = parseYaml(text);
  const references: EnvReference[] = [];
  const add = (name: string, offset: number) => {
    if (ENV_NAME.test(name)) references.push({ name, source: 'ci', line: yaml.lineAt(offset), default: null, required: false });
  };
  for (const document of yaml.documents) {
    for (const envMap of envMaps(document)) for (const key of mapKeys(envMap, document)) add(key.value, key.offset);
    for (const read of expressionReads(yaml, document)) add(read.name, read.offset);
  }
  return { references: references.sort((a, b) => a.line - b.line), dynamic: [] };
}

/** Every `env:` node the workflow (or composite action) defines. */
function envMaps(document: Document.Parsed): unknown[] {
  const root = document.contents;
  const at = (node: unknown, key: string) => child(node, key, document);
  const stepsEnv = (steps: unknown) => (asSeq(steps)?.items ?? []).map((step) => at(resolved(step, document), 'env'));
  const maps: unknown[] = [at(root, 'env'), ...stepsEnv(at(at(root, 'runs'), 'steps'))];
  for (const job of asMap(at(root, 'jobs'))?.items ?? []) {
    const jobNode = resolved(job.value, document);
    maps.push(at(jobNode, 'env'), at(at(jobNode, 'container'), 'env'), ...stepsEnv(at(jobNode, 'steps')));
    for (const service of asMap(at(jobNode, 'services'))?.items ?? []) maps.push(at(resolved(service.value, document), 'env'));
  }
  return maps.filter((node) => node !== undefined);
}

const ENV_CONTEXT = /(?<![\w.-])env(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']*)'\s*\])/g;

/** `env.X` in expressions, placed by its offset in the raw source. */
function expressionReads(yaml: YamlSource, document: Document.Parsed): Array<{ name: string; offset: number }> {
  const reads: Array<{ name: string; offset: number }> = [];
  visit(document, {
    Scalar(key, node, path) {
      if (!node.range || typeof node.value !== 'string') return;
      const raw = yaml.text.slice(node.range[0], node.range[1]);
      const parent = path.at(-1) as Pair | undefined;
      const isCondition = key === 'value' && isScalar(parent?.key) && parent.key.value === 'if';
      const expressions = isCondition && !raw.includes('${{') ? [{ body: raw, offset: 0 }] : [...raw.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => ({ body: m[1]!, offset: m.index + 3 }));
      for (const expression of expressions) {
        for (const match of expression.body.matchAll(ENV_CONTEXT)) {
          reads.push({ name: (match[1] ?? match[2])!, offset: node.range[0] + expression.offset + match.index });
        }
      }
    },
  });
  return reads;
}

export const githubActionsExtractor: EnvExtractor = {
  id: 'github-actions',
  matches: isGithubActionsPath,
  extract: (text) => extractGithubActions(text),
};
