/**
 * A Go service: the module path names the project, the go directive the runtime, `// indirect`
 * requirements are not direct dependencies, and vendor/ and testdata/ are not the project's code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../../helpers/repo-builder.js';
import { analyzeProject, committerDate, ENGINES } from './analyze-project.js';

const GO_MOD = `module github.com/acme/ledger/v2

go 1.22.3

toolchain go1.22.5

require github.com/google/uuid v1.6.0

require (
	github.com/go-chi/chi/v5 v5.0.12
	github.com/jackc/pgx/v5 v5.5.5
	github.com/stretchr/testify v1.9.0
	go.uber.org/zap v1.27.0
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	go.uber.org/multierr v1.11.0 // indirect
)

replace github.com/acme/shared => ../shared
`;

let repo: TestRepo;

beforeAll(() => {
  repo = new TestRepo();
  repo.commit('feat: ledger service', {
    'go.mod': GO_MOD,
    'go.sum': 'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n',
    Makefile: 'test:\n\tgo test ./...\n',
    'cmd/ledger/main.go': 'package main\n\nfunc main() {}\n',
    'internal/api/router.go': 'package api\n',
    'internal/api/router_test.go': 'package api\n',
    'internal/store/postgres.go': 'package store\n',
    'internal/store/testdata/seed.sql': 'insert into accounts values (1);\n',
    'vendor/github.com/google/uuid/uuid.go': 'package uuid\n',
    'vendor/modules.txt': '# github.com/google/uuid v1.6.0\n',
  });
});

afterAll(() => repo.remove());

describe.each(ENGINES)('the project analyzer with the %s engine', (engine) => {
  it('describes the Go module', async () => {
    const { project, warnings } = await analyzeProject(repo, engine, { to: 'HEAD' });
    expect(warnings).toEqual([]);
    expect(project).toEqual({
      name: 'ledger',
      version: null,
      description: null,
      license: null,
      branch: 'main',
      tags: [],
      date: committerDate(repo, 'HEAD'),
      manifests: [{ path: 'go.mod', ecosystem: 'go', name: 'ledger', version: null }],
      languages: [{ name: 'Go', files: 4 }],
      stack: [
        { category: 'language', name: 'Go', evidence: '*.go files', version: null },
        { category: 'runtime', name: 'Go', evidence: 'go.mod: go', version: '1.22.3' },
        { category: 'framework', name: 'chi', evidence: 'go.mod: github.com/go-chi/chi/v5', version: 'v5.0.12' },
        { category: 'database', name: 'PostgreSQL', evidence: 'go.mod: github.com/jackc/pgx/v5', version: null },
        { category: 'testing', name: 'Testify', evidence: 'go.mod: github.com/stretchr/testify', version: 'v1.9.0' },
        { category: 'logging', name: 'zap', evidence: 'go.mod: go.uber.org/zap', version: 'v1.27.0' },
      ],
      dependencies: [
        { manifest: 'go.mod', name: 'github.com/go-chi/chi/v5', version: 'v5.0.12', type: 'require' },
        { manifest: 'go.mod', name: 'github.com/google/uuid', version: 'v1.6.0', type: 'require' },
        { manifest: 'go.mod', name: 'github.com/jackc/pgx/v5', version: 'v5.5.5', type: 'require' },
        { manifest: 'go.mod', name: 'github.com/stretchr/testify', version: 'v1.9.0', type: 'require' },
        { manifest: 'go.mod', name: 'go.uber.org/zap', version: 'v1.27.0', type: 'require' },
      ],
      scripts: [],
      directories: [
        { path: 'cmd', files: 1 },
        { path: 'cmd/ledger', files: 1 },
        // testdata is sample code: counted as a folder, not as the project's SQL.
        { path: 'internal', files: 4 },
        { path: 'internal/api', files: 2 },
        { path: 'internal/store', files: 2 },
      ],
    });
  });
});
