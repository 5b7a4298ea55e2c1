/**
 * Kubernetes manifests: `env[].name` of every container of a pod template.
 * Spec: https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables
 *
 * - Documents with `apiVersion` and `kind`: Pod (`spec`), Deployment, StatefulSet, DaemonSet,
 *   ReplicaSet, ReplicationController, Job (`spec.template.spec`), CronJob
 *   (`spec.jobTemplate.spec.template.spec`), PodTemplate (`template.spec`), `List` items, and any
 *   other kind with a `spec.template.spec.containers` (Argo Rollout, Knative Service). Containers,
 *   initContainers and ephemeralContainers; names only, never `value` nor `valueFrom`.
 *   `envFrom` names no variable and is not read. Multi-document files are read whole.
 * - Any other YAML (a values file, a config) gives an empty result: `matches` is a cheap guess by
 *   path, `extract` decides by content.
 * - Helm and other Go templates: `{{ … }}` actions alone on their line (`{{- if … }}`) are blanked,
 *   actions inside a value become `x`s of the same length, keys written in both branches of an
 *   if/else are accepted, and a name that is (partly) templated is skipped. If the file still does not parse, it is skipped silently
 *   (empty result, no error): a template is not YAML until rendered, and rendering is out of scope.
 *   A file without template actions that does not parse throws EnvSyntaxError.
 * `matches`: `.yaml`/`.yml` files in a folder whose name contains k8s, kube, helm, manifests,
 * kustomize or openshift (`kubernetes-manifests`, `helm-chart`) or is deploy, deployment(s) or
 * chart(s), or whose own name has the word deployment,
 * statefulset, daemonset, replicaset, cronjob, job or pod (singular or plural); not compose files
 * and nothing under `.github/`.
 */
import { isScalar, isSeq, type Document } from 'yaml';
import { ENV_NAME, EnvSyntaxError, type EnvExtraction, type EnvExtractor, type EnvReference } from '../model.js';
import { isComposePath } from './compose.js';
import { asMap, asSeq, child, parseYaml, resolved, stringScalar, type YamlSource } from './yaml-source.js';

/** Folder names that hold manifests: these words anywhere in the name (`kubernetes-manifests`, `helm-chart`), or exactly these. */
const FOLDER_WORDS = /k8s|kube|helm|manifests|kustomize|openshift/;
const FOLDERS = new Set(['deploy', 'deployment', 'deployments', 'chart', 'charts']);
const NAME_WORDS = /(?:^|[^a-z])(?:deployment|statefulset|daemonset|replicaset|cronjob|job|pod)s?(?:[^a-z]|$)/;

export function isKubernetesPath(path: string): boolean {
  if (!/\.ya?ml$/.test(path) || path.startsWith('.github/') || isComposePath(path)) return false;
  const segments = path.toLowerCase().split('/');
  const name = segments.pop()!.replace(/\.ya?ml$/, '');
  return segments.some((folder) => FOLDERS.has(folder) || FOLDER_WORDS.test(folder)) || NAME_WORDS.test(name);
}

const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];
/** A Go template action, `{{ ... }}`, possibly spanning lines. */
const TEMPLATE_ACTION = /\{\{(?:[^}]|\}(?!\}))*\}\}/g;
/** Lines holding nothing but template actions (`{{- if .Values.x }}`, `{{- end }}`). */
const ACTION_LINE = /^[ \t]*(?:\{\{(?:[^}]|\}(?!\}))*\}\}[ \t]*)+$/gm;

/** The template with its actions hidden, same length and lines, so YAML positions stay right. */
function withoutActions(text: string): string {
  const blank = (action: string) => action.replace(/[^\n]/g, ' ');
  return text.replace(ACTION_LINE, blank).replace(TEMPLATE_ACTION, (action) => action.replace(/[^\n]/g, 'x'));
}

export function extractKubernetes(text: string): EnvExtraction {
  const templated = /\{\{(?:[^}]|\}(?!\}))*\}\}/.test(text);
  let yaml: YamlSource;
  try {
    yaml = templated ? parseYaml(withoutActions(text), { duplicateKeys: true }) : parseYaml(text);
  } catch (error) {
    if (templated && error instanceof EnvSyntaxError) return { references: [], dynamic: [] };
    throw error;
  }
  const references: EnvReference[] = [];
  for (const document of yaml.documents) {
    for (const manifest of manifestsOf(document.contents, document)) {
      for (const podSpec of podSpecsOf(manifest, document)) {
        for (const list of CONTAINER_LISTS) {
          for (const container of asSeq(child(podSpec, list, document))?.items ?? []) {
            for (const variable of asSeq(child(resolved(container, document), 'env', document))?.items ?? []) {
              const name = nameOf(variable, document, text);
              if (name) references.push({ name: name.value, source: 'k8s', line: yaml.lineAt(name.offset), default: null, required: false });
            }
          }
        }
      }
    }
  }
  return { references: references.sort((a, b) => a.line - b.line), dynamic: [] };
}

/** The manifest itself, or the items of a `kind: List`; nothing for YAML that is not a manifest. */
function manifestsOf(node: unknown, document: Document.Parsed): unknown[] {
  const kind = stringScalar(child(node, 'kind', document))?.value;
  if (!kind || !stringScalar(child(node, 'apiVersion', document))) return [];
  if (kind === 'List' || kind.endsWith('List')) return (asSeq(child(node, 'items', document))?.items ?? []).flatMap((item) => manifestsOf(resolved(item, document), document));
  return [node];
}

function podSpecsOf(manifest: unknown, document: Document.Parsed): unknown[] {
  const kind = stringScalar(child(manifest, 'kind', document))!.value;
  const path = POD_SPEC_PATHS[kind] ?? ['spec', 'template', 'spec'];
  const podSpec = path.reduce<unknown>((node, key) => child(node, key, document), manifest);
  return asMap(podSpec) && (POD_SPEC_PATHS[kind] || isSeq(child(podSpec, 'containers', document))) ? [podSpec] : [];
}

/** `- name: X`: the name, unless a template action wrote any of it. */
function nameOf(variable: unknown, document: Document.Parsed, originalText: string): { value: string; offset: number } | null {
  const entry = asMap(resolved(variable, document));
  const pair = entry?.items.find((item) => isScalar(item.key) && item.key.value === 'name');
  const name = stringScalar(pair?.value);
  if (!pair || !name || !ENV_NAME.test(name.value)) return null;
  const keyEnd = isScalar(pair.key) && pair.key.range ? pair.key.range[1] : name.offset;
  return originalText.slice(keyEnd, name.source.range![1]).includes('{{') ? null : name;
}

export const kubernetesExtractor: EnvExtractor = {
  id: 'kubernetes',
  matches: isKubernetesPath,
  extract: (text) => extractKubernetes(text),
};
