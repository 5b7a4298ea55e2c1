import { describe, expect, it } from 'vitest';
import { kubernetesExtractor } from '../../../analyzers/env/extractors/kubernetes.js';
import { EnvSyntaxError } from '../../../analyzers/env/model.js';
import { declared, expectClean, lines } from './extractor-cases.js';

const extract = (text: string) => kubernetesExtractor.extract(text, 'k8s/app.yaml');

describe('kubernetes manifests', () => {
  const source = lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  template:',
    '    spec:',
    '      initContainers:',
    '        - name: migrate',
    '          env:',
    '            - name: MIGRATION_DIR',
    '              value: /migrations',
    '      containers:',
    '        - name: web',
    '          env:',
    '            - name: DATABASE_URL',
    '              valueFrom:',
    '                secretKeyRef: { name: db, key: url }',
    '            - name: "PASSWORD"',
    '              value: hunter2',
    '          envFrom:',
    '            - configMapRef: { name: web-config }',
    '---',
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata: { name: nightly }',
    'spec:',
    '  schedule: "0 3 * * *"',
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    '          containers:',
    '            - name: job',
    '              env: [{ name: NIGHTLY_MODE, value: full }]',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'data:',
    '  NOT_ENV: x',
  );

  it('declares container env names of every document, with lines and no values', () => {
    expect(extract(source).references).toEqual([
      declared('MIGRATION_DIR', 'k8s', 11),
      declared('DATABASE_URL', 'k8s', 16),
      declared('PASSWORD', 'k8s', 19),
      declared('NIGHTLY_MODE', 'k8s', 35),
    ]);
    expectClean(extract(source), ['hunter2', '/migrations', 'full']);
  });

  it('reads a Pod and a List of manifests', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    spec:',
      '      containers:',
      '        - name: a',
      '          env:',
      '            - name: POD_VAR',
    );
    expect(extract(text).references).toEqual([declared('POD_VAR', 'k8s', 10)]);
  });

  it('reads a Helm template with its actions hidden, if/else keys and templated values, skipping templated names', () => {
    const text = lines(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "app.fullname" . }}',
      'spec:',
      '  template:',
      '    spec:',
      '      {{- if .Values.serviceAccounts.create }}',
      '      serviceAccountName: {{ .Values.name }}',
      '      {{- else }}',
      '      serviceAccountName: default',
      '      {{- end }}',
      '      containers:',
      '        - name: app',
      '          image: {{ .Values.repository }}/{{ .Values.name }}:{{ .Values.tag }}',
      '          env:',
      '            - name: STATIC_NAME',
      '              value: {{ .Values.x | quote }}',
      '            - name: {{ .Values.prefix }}_URL',
      '              value: x',
      '            {{- range $k, $v := .Values.env }}',
      '            - name: {{ $k }}',
      '              value: {{ $v | quote }}',
      '            {{- end }}',
      '            - name: AFTER_RANGE',
      '    {{ .Values.key }}: value',
      '    other: {{ .Values.other }}',
    );
    expect(extract(text).references).toEqual([declared('STATIC_NAME', 'k8s', 17), declared('AFTER_RANGE', 'k8s', 25)]);
  });

  it('skips a template that does not parse, but throws for plain YAML that does not', () => {
    const template = lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  labels:', '    {{- include "labels" . | nindent 4 }}', '  name: [{{ .Values.name }}');
    expect(extract(template)).toEqual({ references: [], dynamic: [] });
    expect(() => extract(lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: [broken'))).toThrow(EnvSyntaxError);
  });

  it('gives nothing for YAML that is not a manifest', () => {
    expect(extract(lines('replicaCount: 2', 'env:', '  - name: NOT_A_MANIFEST'))).toEqual({ references: [], dynamic: [] });
  });

  it('matches YAML by folder or file name, not every YAML file', () => {
    const yes = ['k8s/web.yaml', 'deploy/app.yml', 'infra/kubernetes/base/api.yaml', 'charts/app/templates/deployment.yaml', 'config/cronjob.yaml', 'ops/worker-job.yml', 'pods.yaml'];
    const no = ['app/podcast.yml', 'config/settings.yaml', 'docker-compose.yml', 'deploy/docker-compose.yml', '.github/workflows/deployment.yml', 'k8s/README.md', 'pnpm-lock.yaml'];
    expect(yes.filter((path) => !kubernetesExtractor.matches(path))).toEqual([]);
    expect(no.filter((path) => kubernetesExtractor.matches(path))).toEqual([]);
  });
});
