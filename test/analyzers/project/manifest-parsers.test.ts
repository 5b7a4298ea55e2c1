/**
 * Each manifest format on the shapes real projects write, including the quirks each parser
 * documents; all of them return the one ParsedManifest shape.
 */
import { describe, expect, it } from 'vitest';
import { manifestFormatOf } from '../../../analyzers/project/manifests/index.js';
import { parseCargoToml } from '../../../analyzers/project/manifests/cargo-toml.js';
import { parseComposerJson } from '../../../analyzers/project/manifests/composer-json.js';
import { parseGemfile } from '../../../analyzers/project/manifests/gemfile.js';
import { parseGoMod } from '../../../analyzers/project/manifests/go-mod.js';
import { parsePackageJson } from '../../../analyzers/project/manifests/package-json.js';
import { parsePyprojectToml } from '../../../analyzers/project/manifests/pyproject-toml.js';
import { parseRequirementsTxt } from '../../../analyzers/project/manifests/requirements-txt.js';
import { decodeText, ManifestSyntaxError } from '../../../analyzers/project/manifests/structured-text.js';

describe('manifestFormatOf', () => {
  it('recognises manifests by file name, and pip requirements by pattern or folder', () => {
    const ecosystemOf = (path: string) => manifestFormatOf(path)?.ecosystem ?? null;
    expect(ecosystemOf('package.json')).toBe('npm');
    expect(ecosystemOf('services/api/pyproject.toml')).toBe('pypi');
    expect(ecosystemOf('requirements-dev.txt')).toBe('pypi');
    expect(ecosystemOf('requirements/base.txt')).toBe('pypi');
    expect(ecosystemOf('crates/core/Cargo.toml')).toBe('cargo');
    expect(ecosystemOf('app/build.gradle.kts')).toBe('gradle');
    expect(ecosystemOf('pom.xml')).toBe('maven');
    expect(ecosystemOf('package-lock.json')).toBeNull();
    expect(ecosystemOf('docs/requirements.md')).toBeNull();
    expect(ecosystemOf('notes/base.txt')).toBeNull();
  });
});

describe('package.json', () => {
  it('reads the legacy license object, skips fields of the wrong type and tolerates a byte-order mark', () => {
    const text = decodeText(Buffer.from('\uFEFF' + JSON.stringify({ name: 'legacy', version: 2, license: { type: 'ISC' }, dependencies: { lodash: '^4.17.21', broken: 3 }, scripts: 'npm test' })));
    expect(parsePackageJson(text)).toEqual({
      ecosystem: 'npm',
      name: 'legacy',
      version: null,
      description: null,
      license: 'ISC',
      dependencies: [{ name: 'lodash', version: '^4.17.21', type: 'dependencies' }],
      scripts: [],
      runtime: null,
    });
  });

  it('rejects JSON that is not an object, and conflict markers, with the cause', () => {
    expect(() => parsePackageJson('["not", "a", "manifest"]')).toThrow(new ManifestSyntaxError('it is valid JSON but not an object (found an array)'));
    expect(() => parsePackageJson('{\n<<<<<<< HEAD\n  "version": "1.0.0"\n=======\n  "version": "1.1.0"\n>>>>>>> main\n}\n')).toThrow(
      new ManifestSyntaxError('it contains merge conflict markers (line 2)'),
    );
  });
});

describe('pyproject.toml (PEP 621 and PEP 735)', () => {
  it('reads requirements with extras, markers, old-style parentheses and URLs, optional dependencies and groups', () => {
    const manifest = parsePyprojectToml(`[project]
name = "acme-reports"
dynamic = ["version"]
description = "Report generator"
license = { text = "BSD-3-Clause" }
requires-python = ">=3.10"
dependencies = [
  "Django>=5.0,<5.1",
  "psycopg[binary] (>=3.1)",
  "celery[redis]>=5.4 ; sys_platform != 'win32'",
  "acme-auth @ git+https://github.com/acme/auth.git@v1",
  "requests",
]

[project.optional-dependencies]
docs = ["mkdocs>=1.6"]

[dependency-groups]
dev = ["pytest>=8", { include-group = "lint" }]
lint = ["ruff==0.4.4"]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
`);
    expect(manifest).toEqual({
      ecosystem: 'pypi',
      name: 'acme-reports',
      version: null,
      description: 'Report generator',
      license: 'BSD-3-Clause',
      dependencies: [
        { name: 'Django', version: '>=5.0,<5.1', type: 'project.dependencies' },
        { name: 'psycopg', version: '>=3.1', type: 'project.dependencies' },
        { name: 'celery', version: '>=5.4', type: 'project.dependencies' },
        { name: 'acme-auth', version: null, type: 'project.dependencies' },
        { name: 'requests', version: null, type: 'project.dependencies' },
        { name: 'mkdocs', version: '>=1.6', type: 'project.optional-dependencies.docs' },
        { name: 'pytest', version: '>=8', type: 'dependency-groups.dev' },
        { name: 'ruff', version: '==0.4.4', type: 'dependency-groups.lint' },
      ],
      scripts: [],
      runtime: { name: 'Python', version: '>=3.10', field: 'requires-python' },
    });
  });

  it('names the TOML error and its position', () => {
    expect(() => parsePyprojectToml('[project]\nname = "x"\nversion = \n')).toThrow(new ManifestSyntaxError('it is not valid TOML: invalid value (line 3, column 11)'));
  });
});

describe('requirements files', () => {
  it('skips options, includes, editables, paths and bare URLs; joins continuations; drops hashes and comments', () => {
    const manifest = parseRequirementsTxt(`# production
-c constraints.txt
--requirement base.txt
-e git+https://github.com/acme/lib.git#egg=acme-lib
./vendor/wheels/internal-1.0-py3-none-any.whl
https://example.com/pkg.tar.gz
Flask==3.0.3 \\
    --hash=sha256:34e815dfaa43340d1d15a5c3a02b8476004037eb4840b34910c6e21679d288f3 \\
    --hash=sha256:ceb27b0af3823ea2737928a4d99d125a06175b8512c445cbd9a9ce200ef76842
gunicorn>=22,<23   # app server
tomli ; python_version < "3.11"
acme-tools @ https://example.com/acme_tools-2.0.tar.gz
`);
    expect(manifest.dependencies).toEqual([
      { name: 'Flask', version: '==3.0.3', type: 'requirements' },
      { name: 'gunicorn', version: '>=22,<23', type: 'requirements' },
      { name: 'tomli', version: null, type: 'requirements' },
      { name: 'acme-tools', version: null, type: 'requirements' },
    ]);
    expect([manifest.name, manifest.version]).toEqual([null, null]);
  });
});

describe('Cargo.toml', () => {
  it('reads a workspace root without [package]', () => {
    const manifest = parseCargoToml(`[workspace]
members = ["crates/*"]
resolver = "2"

[workspace.package]
version = "0.4.0"

[workspace.dependencies]
serde = { version = "1.0.203", features = ["derive"] }
tokio = "1.38"
`);
    expect([manifest.name, manifest.version]).toEqual([null, null]);
    expect(manifest.dependencies).toEqual([
      { name: 'serde', version: '1.0.203', type: 'workspace.dependencies' },
      { name: 'tokio', version: '1.38', type: 'workspace.dependencies' },
    ]);
  });

  it('reads a member crate: inherited fields are null, path and workspace dependencies have no version', () => {
    const manifest = parseCargoToml(`[package]
name = "ledger-api"
version.workspace = true
edition = "2021"
license = "MIT OR Apache-2.0"
description = "Ledger HTTP API"

[dependencies]
axum = "0.7.5"
serde = { workspace = true }
sqlx = { version = "0.7", features = ["postgres", "runtime-tokio"] }
shared = { path = "../shared" }

[dev-dependencies]
insta = "1.39"

[target.'cfg(unix)'.dependencies]
nix = "0.29"
`);
    expect(manifest).toEqual({
      ecosystem: 'cargo',
      name: 'ledger-api',
      version: null,
      description: 'Ledger HTTP API',
      license: 'MIT OR Apache-2.0',
      dependencies: [
        { name: 'axum', version: '0.7.5', type: 'dependencies' },
        { name: 'serde', version: null, type: 'dependencies' },
        { name: 'sqlx', version: '0.7', type: 'dependencies' },
        { name: 'shared', version: null, type: 'dependencies' },
        { name: 'insta', version: '1.39', type: 'dev-dependencies' },
        { name: 'nix', version: '0.29', type: 'target.cfg(unix).dependencies' },
      ],
      scripts: [],
      runtime: null,
    });
  });
});

describe('go.mod', () => {
  it('reads a quoted module path, single-line requirements and skips indirect ones and other blocks', () => {
    const manifest = parseGoMod(`// Service module.
module "example.com/tools"

go 1.21

require golang.org/x/sync v0.7.0
require golang.org/x/sys v0.20.0 // indirect

exclude (
	golang.org/x/net v0.1.0
)

retract v1.0.1 // published by mistake
`);
    expect(manifest).toEqual({
      ecosystem: 'go',
      name: 'tools',
      version: null,
      description: null,
      license: null,
      dependencies: [{ name: 'golang.org/x/sync', version: 'v0.7.0', type: 'require' }],
      scripts: [],
      runtime: { name: 'Go', version: '1.21', field: 'go' },
    });
  });
});

describe('Gemfile', () => {
  it('reads gems with constraints, group blocks, inline groups and the ruby version', () => {
    const manifest = parseGemfile(`source "https://rubygems.org"

ruby "3.3.1"

gem "rails", "~> 7.1.3", ">= 7.1.3.2"
gem "pg", "~> 1.5" # PostgreSQL
gem "puma", ">= 5.0"
gem "bootsnap", require: false
gem "tzinfo-data", platforms: %i[ windows jruby ]

group :development, :test do
  gem "debug", platforms: %i[ mri windows ]
  gem "rspec-rails", "~> 6.1.0"
end

group :development do
  gem "web-console"
  platforms :mri do
    gem "rack-mini-profiler"
  end
end

gem "sidekiq", "~> 7.2", group: :jobs
`);
    expect(manifest.runtime).toEqual({ name: 'Ruby', version: '3.3.1', field: 'ruby' });
    expect(manifest.dependencies).toEqual([
      { name: 'rails', version: '~> 7.1.3, >= 7.1.3.2', type: 'default' },
      { name: 'pg', version: '~> 1.5', type: 'default' },
      { name: 'puma', version: '>= 5.0', type: 'default' },
      { name: 'bootsnap', version: null, type: 'default' },
      { name: 'tzinfo-data', version: null, type: 'default' },
      { name: 'debug', version: null, type: 'development, test' },
      { name: 'rspec-rails', version: '~> 6.1.0', type: 'development, test' },
      { name: 'web-console', version: null, type: 'development' },
      { name: 'rack-mini-profiler', version: null, type: 'development' },
      { name: 'sidekiq', version: '~> 7.2', type: 'jobs' },
    ]);
  });
});

describe('composer.json', () => {
  it('reads require and require-dev without platform packages, and takes php as the runtime', () => {
    const manifest = parseComposerJson(
      JSON.stringify({
        name: 'acme/storefront',
        type: 'project',
        description: 'The storefront application.',
        license: ['MIT', 'GPL-3.0-or-later'],
        require: { php: '^8.2', 'ext-pdo': '*', 'laravel/framework': '^11.9', 'guzzlehttp/guzzle': '^7.8' },
        'require-dev': { 'phpunit/phpunit': '^11.0.1', 'composer-runtime-api': '^2.2' },
      }),
    );
    expect(manifest).toEqual({
      ecosystem: 'composer',
      name: 'acme/storefront',
      version: null,
      description: 'The storefront application.',
      license: 'MIT OR GPL-3.0-or-later',
      dependencies: [
        { name: 'laravel/framework', version: '^11.9', type: 'require' },
        { name: 'guzzlehttp/guzzle', version: '^7.8', type: 'require' },
        { name: 'phpunit/phpunit', version: '^11.0.1', type: 'require-dev' },
      ],
      scripts: [],
      runtime: { name: 'PHP', version: '^8.2', field: 'require.php' },
    });
  });
});
