/**
 * The JavaScript and TypeScript env extractor on small source texts: every read pattern, the
 * defaults and `required` around them, dynamic keys, the false-positive traps, syntax errors,
 * component script blocks and minified bundles. Expected values are read off each input.
 */
import { describe, expect, it } from 'vitest';
import { javascriptExtractor, looksMinified } from '../../../analyzers/env/extractors/javascript.js';
import { EnvSyntaxError, type EnvReference } from '../../../analyzers/env/model.js';

const lines = (...text: string[]) => text.join('\n') + '\n';
const extract = (text: string, path = 'src/app.ts') => javascriptExtractor.extract(text, path);
const references = (text: string, path = 'src/app.ts') => extract(text, path).references;
/** A reference with the fields most cases share; override the rest. */
const ref = (name: string, line: number, more: Partial<EnvReference> = {}): EnvReference => ({
  name, source: 'code', line, default: null, required: true, ...more,
});

describe('javascript extractor: which files', () => {
  it.each([
    'src/a.js', 'src/a.mjs', 'src/a.cjs', 'src/a.jsx', 'src/a.ts', 'src/a.mts', 'src/a.cts', 'src/a.tsx',
    'src/App.vue', 'src/App.svelte', 'src/pages/index.astro', 'SRC/UPPER.TS',
  ])('reads %s', (path) => {
    expect(javascriptExtractor.matches(path)).toBe(true);
  });

  it.each(['src/a.py', 'src/types.d.ts', 'src/env.d.mts', 'public/vendor.min.js', 'src/a.json', 'Makefile', 'src/.ts'])('leaves %s alone', (path) => {
    expect(javascriptExtractor.matches(path)).toBe(false);
  });

  it('is named javascript', () => {
    expect(javascriptExtractor.id).toBe('javascript');
  });
});

describe('javascript extractor: process.env', () => {
  it('reads dot, bracket and template-literal keys, each on its own line', () => {
    const text = lines(
      'const a = process.env.API_URL;',
      "const b = process.env['DB_HOST'];",
      'const c = process.env["DB_PORT"];',
      'const d = process.env[`REDIS_URL`];',
      "const e = process['env'].LEGACY_FORM;",
    );
    expect(references(text, 'src/config.js')).toEqual([
      ref('API_URL', 1), ref('DB_HOST', 2), ref('DB_PORT', 3), ref('REDIS_URL', 4), ref('LEGACY_FORM', 5),
    ]);
  });

  it('takes a read through optional chaining as not required', () => {
    const text = lines(
      'const a = process?.env?.FIRST;',
      'const b = process.env?.SECOND;',
      'const c = process?.env.THIRD;',
      "const d = process.env.LIST?.split(',');",
      'const e = process.env.PLAIN;',
    );
    expect(references(text)).toEqual([
      ref('FIRST', 1, { required: false }),
      ref('SECOND', 2, { required: false }),
      ref('THIRD', 3, { required: false }),
      ref('LIST', 4, { required: false }),
      ref('PLAIN', 5),
    ]);
  });

  it('reads destructuring, with literal defaults, and reports the rest as dynamic', () => {
    const text = lines(
      'const {',
      '  PORT,',
      "  HOST: host = 'localhost',",
      "  'LOG_LEVEL': level = 3,",
      '  TIMEOUT = computeTimeout(),',
      '  ...rest',
      '} = process.env;',
    );
    expect(extract(text)).toEqual({
      references: [
        ref('PORT', 2),
        ref('HOST', 3, { default: 'localhost', required: false }),
        ref('LOG_LEVEL', 4, { default: '3', required: false }),
        ref('TIMEOUT', 5, { default: null, required: false }),
      ],
      dynamic: [{ line: 6, expression: '...rest' }],
    });
  });

  it('follows process.env under another name: nested destructuring, a constant, an import of node:process', () => {
    const text = lines(
      "import { env as nodeEnv } from 'node:process';",
      "import proc from 'process';",
      'const { env: { NESTED } } = process;',
      'const { env } = process;',
      'const settings = process.env;',
      'nodeEnv.FROM_IMPORT;',
      'env.FROM_PATTERN;',
      'settings.FROM_CONSTANT;',
      'proc.env.FROM_DEFAULT_IMPORT;',
      "const { env: required } = require('node:process');",
      'required.FROM_REQUIRE;',
    );
    expect(references(text).map((r) => [r.name, r.line])).toEqual([
      ['NESTED', 3], ['FROM_IMPORT', 6], ['FROM_PATTERN', 7], ['FROM_CONSTANT', 8], ['FROM_DEFAULT_IMPORT', 9], ['FROM_REQUIRE', 11],
    ]);
  });

  it('counts presence checks as optional reads', () => {
    const text = lines("if ('FEATURE_X' in process.env) {}", "if (process.env.hasOwnProperty('FEATURE_Y')) {}");
    expect(references(text)).toEqual([ref('FEATURE_X', 1, { required: false }), ref('FEATURE_Y', 2, { required: false })]);
  });

  it('does not count writes as reads, but counts ??= as a read with a default', () => {
    const text = lines("process.env.WRITTEN = 'x';", 'delete process.env.DELETED;', 'process.env.COUNTER++;', "process.env.FILLED ??= 'filled';");
    expect(references(text)).toEqual([ref('FILLED', 4, { default: 'filled', required: false })]);
  });

  it('gives the line where the name is written', () => {
    const text = lines('const url =', '  process.env', '    .SPLIT_URL;', '', '', 'const other = process.env.LATER;');
    expect(references(text)).toEqual([ref('SPLIT_URL', 3), ref('LATER', 6)]);
  });

  it('reports one reference per name and line', () => {
    expect(references("const v = process.env.TWICE ? process.env.TWICE : 'dflt';\n")).toEqual([
      ref('TWICE', 1, { default: 'dflt', required: false }),
    ]);
  });

  it('keeps only names a shell accepts', () => {
    expect(references("process.env['my-var']; process.env['1ST']; process.env.OK_NAME;\n")).toEqual([ref('OK_NAME', 1)]);
  });
});

describe('javascript extractor: defaults', () => {
  it.each([
    ["process.env.V || 'fallback'", 'fallback'],
    ["process.env.V ?? 'fallback'", 'fallback'],
    ['process.env.V ?? 3000', '3000'],
    ['process.env.V ?? 0x1f', '0x1f'],
    ['process.env.V ?? -1', '-1'],
    ['process.env.V ?? true', 'true'],
    ['process.env.V || false', 'false'],
    ['process.env.V || `tmpl`', 'tmpl'],
    ["process.env.V ? process.env.V : 'ternary'", 'ternary'],
    ["!process.env.V ? 'negated' : process.env.V", 'negated'],
    ['Number(process.env.V) || 8080', '8080'],
    ["parseInt(process.env.V || '25', 10)", '25'],
    ['+process.env.V || 5', '5'],
    ["(process.env.V as string) ?? 'cast'", 'cast'],
    ["process.env.V || process.env.OTHER || 'chain'", 'chain'],
    ["process.env.V || (fallbackFor('V') ?? 'inner')", 'inner'],
  ])('%s → %j', (expression, expected) => {
    const found = references(`const value = ${expression};\n`).find((r) => r.name === 'V');
    expect(found).toEqual(ref('V', 1, { default: expected, required: false }));
  });

  it.each([
    'process.env.V || computeDefault()',
    'process.env.V ?? null',
    'process.env.V ?? undefined',
    'process.env.V ?? `port-${base}`',
    "process.env.V ?? ['a']",
    'process.env.V ? process.env.V : other',
  ])('%s has a fallback but no literal default', (expression) => {
    const found = references(`const value = ${expression};\n`).find((r) => r.name === 'V');
    expect(found).toEqual(ref('V', 1, { default: null, required: false }));
  });

  it('gives every variable of a fallback chain the literal at its end', () => {
    expect(references("const key = process.env.KEY || process.env.LEGACY_KEY || 'none';\n")).toEqual([
      ref('KEY', 1, { default: 'none', required: false }),
      ref('LEGACY_KEY', 1, { default: 'none', required: false }),
    ]);
  });

  it('takes a tested but unused variable as optional, with no default', () => {
    expect(references("const mode = process.env.VERBOSE ? 'loud' : 'quiet';\n")).toEqual([ref('VERBOSE', 1, { required: false })]);
  });

  it('keeps a variable that is itself the fallback, or checked before a throw, required', () => {
    const text = lines('const a = fallback || process.env.RIGHT_SIDE;', "if (!process.env.MUST_HAVE) throw new Error('set MUST_HAVE');");
    expect(references(text)).toEqual([ref('RIGHT_SIDE', 1), ref('MUST_HAVE', 2)]);
  });

  it('takes a guard with && as optional, without a default', () => {
    expect(references("const reporter = process.env.CI && 'github';\n")).toEqual([ref('CI', 1, { required: false })]);
  });
});

describe('javascript extractor: runtimes', () => {
  it('reads import.meta.env, leaving out what Vite and Astro set themselves', () => {
    const text = lines(
      'const api = import.meta.env.VITE_API_URL;',
      'if (import.meta.env.DEV || import.meta.env.MODE === "test" || import.meta.env.PROD) {}',
      "const title = import.meta.env.PUBLIC_TITLE ?? 'Home';",
      'const { VITE_KEY, BASE_URL } = import.meta.env;',
    );
    expect(references(text)).toEqual([
      ref('VITE_API_URL', 1),
      ref('PUBLIC_TITLE', 3, { default: 'Home', required: false }),
      ref('VITE_KEY', 4),
    ]);
  });

  it('reads Bun.env and Deno.env.get', () => {
    const text = lines(
      'const a = Bun.env.BUN_TOKEN;',
      "const b = Deno.env.get('DENO_TOKEN');",
      "const c = Deno.env.get('DENO_PORT') ?? '8000';",
      "if (Deno.env.has('DENO_DEBUG')) {}",
      'const d = Deno.env.get(name);',
    );
    expect(extract(text)).toEqual({
      references: [
        ref('BUN_TOKEN', 1),
        ref('DENO_TOKEN', 2),
        ref('DENO_PORT', 3, { default: '8000', required: false }),
        ref('DENO_DEBUG', 4, { required: false }),
      ],
      dynamic: [{ line: 5, expression: 'Deno.env.get(name)' }],
    });
  });

  it('reads SvelteKit and Astro env modules', () => {
    const text = lines(
      "import { PRIVATE_KEY, PUBLIC_HOST as host } from '$env/static/private';",
      "import { env } from '$env/dynamic/public';",
      "import { API_SECRET } from 'astro:env/server';",
      'const url = env.PUBLIC_DYNAMIC_URL;',
    );
    expect(references(text).map((r) => [r.name, r.line, r.required])).toEqual([
      ['PRIVATE_KEY', 1, true], ['PUBLIC_HOST', 1, true], ['API_SECRET', 3, true], ['PUBLIC_DYNAMIC_URL', 4, true],
    ]);
  });

  it("reads Astro's env schema", () => {
    const text = lines(
      'export default defineConfig({',
      '  env: {',
      '    schema: {',
      "      API_URL: envField.string({ context: 'client', access: 'public' }),",
      "      PORT: envField.number({ context: 'server', access: 'public', default: 4321 }),",
      "      SENTRY: envField.string({ context: 'server', access: 'secret', optional: true }),",
      '    },',
      '  },',
      '});',
    );
    expect(references(text, 'astro.config.mjs')).toEqual([
      ref('API_URL', 4), ref('PORT', 5, { default: '4321', required: false }), ref('SENTRY', 6, { required: false }),
    ]);
  });
});

describe('javascript extractor: config libraries', () => {
  it('reads @nestjs/config get and getOrThrow with an all-caps literal name', () => {
    const text = lines(
      '@Injectable()',
      'export class AppService {',
      '  constructor(private readonly configService: ConfigService) {}',
      "  port = this.configService.get<number>('PORT', 3000);",
      "  secret = this.configService.getOrThrow<string>('JWT_SECRET');",
      "  host = this.configService.get('DB_HOST');",
      "  redis = this.configService.get('REDIS_URL', { infer: true });",
      "  nested = this.configService.get('database.host');",
      "  lower = this.configService.get('port');",
      "  cached = this.cache.get('CACHE_KEY');",
      '}',
      "const appConfig = config.get('APP_NAME') ?? 'app';",
      "const fromMap = new Map().get('NOT_ENV');",
    );
    expect(references(text)).toEqual([
      ref('PORT', 4, { default: '3000', required: false }),
      ref('JWT_SECRET', 5),
      ref('DB_HOST', 6),
      ref('REDIS_URL', 7),
      ref('APP_NAME', 12, { default: 'app', required: false }),
    ]);
  });

  it('reads an envalid spec, with default and devDefault', () => {
    const text = lines(
      'const env = cleanEnv(process.env, {',
      "  NODE_ENV: str({ choices: ['development', 'production'] }),",
      '  PORT: port({ default: 3000 }),',
      "  API_KEY: str({ devDefault: 'dev-key' }),",
      '  DEBUG: bool({ default: false }),',
      '  SENTRY_DSN: url({ default: undefined }),',
      '  HOST: host(),',
      '});',
      'const port = env.PORT;',
    );
    expect(extract(text)).toEqual({
      references: [
        ref('NODE_ENV', 2),
        ref('PORT', 3, { default: '3000', required: false }),
        ref('API_KEY', 4, { default: 'dev-key', required: true }),
        ref('DEBUG', 5, { default: 'false', required: false }),
        ref('SENTRY_DSN', 6, { default: null, required: false }),
        ref('HOST', 7),
      ],
      dynamic: [],
    });
  });

  it('reads an envalid spec kept in a constant', () => {
    const text = lines('const spec = {', '  TOKEN: str(),', '};', 'export const env = envalid.cleanEnv(process.env, spec);');
    expect(references(text)).toEqual([ref('TOKEN', 2)]);
  });

  it('reads env-var chains, required only with .required()', () => {
    const text = lines(
      "const env = require('env-var');",
      "const a = env.get('DATABASE_URL').required().asString();",
      "const b = env.get('POOL_SIZE').default('10').asIntPositive();",
      "const c = env.get('FEATURE_FLAG').asBool();",
      "const d = env.get('OPTIONAL_URL').required(false).asUrlString();",
      'const e = env.get(key).asString();',
    );
    expect(extract(text, 'src/config.cjs')).toEqual({
      references: [
        ref('DATABASE_URL', 2),
        ref('POOL_SIZE', 3, { default: '10', required: false }),
        ref('FEATURE_FLAG', 4, { required: false }),
        ref('OPTIONAL_URL', 5, { required: false }),
      ],
      dynamic: [{ line: 6, expression: 'env.get(key)' }],
    });
  });

  it('reads env-var imported by name or made with from()', () => {
    const text = lines(
      "import { get, from } from 'env-var';",
      "const a = get('NAMED_GET').required().asString();",
      'const custom = from({ ...process.env, EXTRA: "1" });',
      "const b = custom.get('FROM_CUSTOM').asString();",
    );
    expect(references(text)).toEqual([ref('NAMED_GET', 2), ref('FROM_CUSTOM', 4, { required: false })]);
  });

  it('reads a receiver named env only with an env-var method and an all-caps name', () => {
    const text = lines(
      "const a = env.get('TOKEN').asString();",
      "const b = env.get('SETTING');",
      "const c = env.get('lower').asString();",
    );
    expect(references(text)).toEqual([ref('TOKEN', 1, { required: false })]);
  });

  it('reads t3-env schemas: server, client and shared, with zod defaults and optionals', () => {
    const text = lines(
      'export const env = createEnv({',
      '  server: {',
      '    DATABASE_URL: z.string().url(),',
      "    NODE_ENV: z.enum(['development', 'production']).default('development'),",
      '    OPENAI_KEY: z.string().optional(),',
      '  },',
      '  client: {',
      '    NEXT_PUBLIC_APP_URL: z.string().min(1),',
      '  },',
      '  shared: { VERCEL_URL: z.string().nullish() },',
      '  runtimeEnv: {',
      '    DATABASE_URL: process.env.DATABASE_URL,',
      '  },',
      '});',
    );
    expect(references(text, 'src/env.mjs')).toEqual([
      ref('DATABASE_URL', 3),
      ref('NODE_ENV', 4, { default: 'development', required: false }),
      ref('OPENAI_KEY', 5, { required: false }),
      ref('NEXT_PUBLIC_APP_URL', 8),
      ref('VERCEL_URL', 10, { required: false }),
      ref('DATABASE_URL', 12),
    ]);
  });

  it('reads a zod object parsed from process.env, through a constant, extend and partial', () => {
    const text = lines(
      'const base = z.object({',
      '  PORT: z.coerce.number().default(8080),',
      '  SECRET: z.string(),',
      '});',
      'const schema = base.extend({ REGION: z.string() }).strict();',
      'export const env = schema.parse(process.env);',
      'const loose = z.object({ LOOSE: z.string() }).partial().safeParse(import.meta.env);',
      "const unrelated = z.object({ NOT_ENV: z.string() }).parse(JSON.parse(body));",
    );
    expect(references(text)).toEqual([
      ref('PORT', 2, { default: '8080', required: false }),
      ref('SECRET', 3),
      ref('REGION', 5),
      ref('LOOSE', 7, { required: false }),
    ]);
  });
});

describe('javascript extractor: dynamic reads', () => {
  it('reports computed keys and rest destructuring with their text and line', () => {
    const long = `process.env[${'a'.repeat(100)}]`;
    const text = lines(
      'const a = process.env[name];',
      'const b = process.env[`PREFIX_${suffix}`];',
      'const c = import.meta.env[key];',
      'const { ONE, ...others } = process.env;',
      `const d = ${long};`,
      'const e = process.env[',
      '  pick()',
      '];',
    );
    expect(extract(text)).toEqual({
      references: [ref('ONE', 4)],
      dynamic: [
        { line: 1, expression: 'process.env[name]' },
        { line: 2, expression: 'process.env[`PREFIX_${suffix}`]' },
        { line: 3, expression: 'import.meta.env[key]' },
        { line: 4, expression: '...others' },
        { line: 5, expression: long.slice(0, 80) },
        { line: 6, expression: 'process.env[ pick() ]' },
      ],
    });
  });

  it('does not count process.env passed whole, spread or iterated', () => {
    const text = lines(
      "spawn('node', ['x.js'], { env: process.env });",
      'const copy = { ...process.env, EXTRA: "1" };',
      'for (const key of Object.keys(process.env)) {}',
      'const entries = Object.entries(process.env);',
      'const spec = cleanEnv(process.env, {});',
      'run(process.env);',
    );
    expect(extract(text)).toEqual({ references: [], dynamic: [] });
  });
});

describe('javascript extractor: false-positive traps', () => {
  it('finds nothing in comments, strings, foreign objects and a local process', () => {
    const text = lines(
      '// process.env.IN_LINE_COMMENT',
      '/* process.env.IN_BLOCK_COMMENT */',
      '/** @example process.env.IN_JSDOC */',
      'const s = "process.env.IN_STRING";',
      "const t = 'process.env[\"IN_SINGLE\"]';",
      'const u = `process.env.IN_TEMPLATE`;',
      'obj.process.env.NOT_GLOBAL;',
      'this.process.env.ON_THIS;',
      'const settings = load(); const env = settings; env.ARBITRARY_ENV;',
      'const o = { process: { env: { KEY_NAME: 1 } } };',
      'function handler(process) { return process.env.SHADOWED_PARAM; }',
      '{ const process = fake(); process.env.SHADOWED_LOCAL; }',
      'const arrow = ({ process }) => process.env.SHADOWED_PATTERN;',
      'const m = new Map(); m.get("MAP_KEY");',
    );
    expect(extract(text, 'src/traps.js')).toEqual({ references: [], dynamic: [] });
  });

  it('still reads the global process outside the scope that shadows it', () => {
    const text = lines('function handler(process) {', '  return process.env.SHADOWED;', '}', 'const real = process.env.REAL;');
    expect(references(text)).toEqual([ref('REAL', 4)]);
  });

  it('takes a process from require("node:process") or a declare as the global', () => {
    const text = lines("const process = require('node:process');", 'declare const process: NodeJS.Process;', 'process.env.REQUIRED_GLOBAL;');
    expect(references(text)).toEqual([ref('REQUIRED_GLOBAL', 3)]);
  });

  it('does not let an import of node:process unshadow a parameter named process', () => {
    const text = lines("import process from 'node:process';", 'const f = (process) => process.env.PARAM_ENV;', 'process.env.IMPORTED_ENV;');
    expect(references(text)).toEqual([ref('IMPORTED_ENV', 3)]);
  });
});

describe('javascript extractor: syntax', () => {
  it('reads TypeScript casts, generics, non-null assertions and decorators', () => {
    const text = lines(
      'const port = <string>process.env.CAST_PORT;',
      'function first<T>(items: T[]): T { return items[0]; }',
      'const host = process.env.NON_NULL_HOST!;',
      "const name = (process.env.AS_NAME as string | undefined) ?? 'anon';",
      'const box = first<string>([process.env.GENERIC_ARG ?? "x"]);',
      '@Module({ imports: [Db.forRoot(process.env.DECORATOR_URL)] })',
      'export class AppModule {',
      '  constructor(@Inject(TOKEN) private readonly s: S) {}',
      '}',
      'enum Mode { A = 1 }',
    );
    expect(references(text, 'src/app.module.ts')).toEqual([
      ref('CAST_PORT', 1),
      ref('NON_NULL_HOST', 3),
      ref('AS_NAME', 4, { default: 'anon', required: false }),
      ref('GENERIC_ARG', 5, { default: 'x', required: false }),
      ref('DECORATOR_URL', 6),
    ]);
  });

  it('reads TSX with JSX, generic arrows and type annotations', () => {
    const text = lines(
      "import React from 'react';",
      'const pick = <T,>(value: T): T => value;',
      'export function Banner({ title }: { title: string }) {',
      '  return (',
      '    <a href={process.env.NEXT_PUBLIC_SITE_URL} data-x={pick<number>(1)}>',
      "      {process.env.NEXT_PUBLIC_BANNER ?? 'Welcome'} {title}",
      '    </a>',
      '  );',
      '}',
    );
    expect(references(text, 'src/Banner.tsx')).toEqual([
      ref('NEXT_PUBLIC_SITE_URL', 5),
      ref('NEXT_PUBLIC_BANNER', 6, { default: 'Welcome', required: false }),
    ]);
  });

  it('reads JSX in .js and .jsx files, and CommonJS with a top-level return', () => {
    expect(references('export const App = () => <div>{process.env.REACT_APP_NAME}</div>;\n', 'src/App.js')).toEqual([ref('REACT_APP_NAME', 1)]);
    expect(references('if (!process.env.CJS_FLAG) return;\nmodule.exports = {};\n', 'bin/run.cjs')).toEqual([ref('CJS_FLAG', 1)]);
  });

  it('reads Flow-annotated .js files', () => {
    expect(references('// @flow\nfunction port(base: number): string { return process.env.FLOW_PORT || "1"; }\n', 'src/flow.js')).toEqual([
      ref('FLOW_PORT', 2, { default: '1', required: false }),
    ]);
  });

  it('reads a file with errors Babel recovers from', () => {
    const text = lines('let twice = 1;', 'let twice = 2;', 'const missing;', 'const after = process.env.AFTER_ERRORS;');
    expect(references(text, 'src/broken.js')).toEqual([ref('AFTER_ERRORS', 4)]);
  });

  it('throws EnvSyntaxError with the cause and line for a file that does not parse', () => {
    const text = lines('const ok = process.env.OK;', '', 'const broken = {;');
    expect(() => extract(text, 'src/broken.ts')).toThrow(EnvSyntaxError);
    expect(() => extract(text, 'src/broken.ts')).toThrow(/^syntax error at line 3 \(TypeScript\): Unexpected token$/);
  });

  it('reads a <T>x cast in .ts but rejects it in .tsx, where it is JSX', () => {
    expect(references('const v = <string>process.env.CAST;\n', 'src/cast.ts')).toEqual([ref('CAST', 1)]);
    expect(() => extract('const v = <string>process.env.CAST;\n', 'src/cast.tsx')).toThrow(EnvSyntaxError);
  });

  it('reports an expression too deep for the parser as not parsed, without a line', () => {
    const deep = `const x = process.env.DEEP + ${Array.from({ length: 20_000 }, () => 'a').join(' +\n')};\n`;
    expect(() => extract(deep, 'src/deep.js')).toThrow(/^cannot be parsed \(JavaScript\): /);
  });

  it('returns nothing for an empty file', () => {
    expect(extract('', 'src/empty.ts')).toEqual({ references: [], dynamic: [] });
  });
});

describe('javascript extractor: component script blocks', () => {
  it('reads the script blocks of a Vue component, on the lines of the file', () => {
    const text = lines(
      '<template>',
      '  <p>{{ process.env.IN_TEMPLATE }}</p>',
      '</template>',
      '<script setup lang="ts">',
      'const api = import.meta.env.VITE_API as string;',
      '</script>',
      '<script>',
      'export default { data: () => ({ key: process.env.VUE_APP_KEY }) };',
      '</script>',
      '<script type="application/json">{"a": "process.env.IN_JSON"}</script>',
    );
    expect(references(text, 'src/App.vue')).toEqual([ref('VITE_API', 5), ref('VUE_APP_KEY', 8)]);
  });

  it('reads a Svelte component script', () => {
    const text = lines('<script lang="ts">', "  import { env } from '$env/dynamic/private';", '  const secret: string = env.SVELTE_SECRET;', '</script>', '<h1>{title}</h1>');
    expect(references(text, 'src/routes/+page.svelte')).toEqual([ref('SVELTE_SECRET', 3)]);
  });

  it('reads the frontmatter and scripts of an Astro page', () => {
    const text = lines(
      '---',
      "const title: string = import.meta.env.PUBLIC_TITLE ?? 'Home';",
      '---',
      '<h1>{title}</h1>',
      '<script>',
      '  const key = import.meta.env.PUBLIC_KEY;',
      '</script>',
    );
    expect(references(text, 'src/pages/index.astro')).toEqual([
      ref('PUBLIC_TITLE', 2, { default: 'Home', required: false }),
      ref('PUBLIC_KEY', 6),
    ]);
  });

  it('reads an Astro page with empty frontmatter and a --- in its markup', () => {
    const text = lines('---', '---', '<hr/>', '<p>---</p>', '<script>', 'const k = import.meta.env.PUBLIC_AFTER;', '</script>');
    expect(references(text, 'src/pages/empty.astro')).toEqual([ref('PUBLIC_AFTER', 6)]);
  });

  it('throws with the line in the file for a script block that does not parse', () => {
    const text = lines('<template><p/></template>', '<script>', 'const a = ;', 'const b = process.env.B;', '</script>');
    expect(() => extract(text, 'src/Broken.vue')).toThrow(/line 3/);
  });

  it('does not parse a file that names neither env nor config, so its syntax does not matter', () => {
    expect(extract('const a = ;\n', 'src/broken-but-unrelated.js')).toEqual({ references: [], dynamic: [] });
    expect(() => extract('const a = ;\nconst b = process.env.B;\n', 'src/broken.js')).toThrow(EnvSyntaxError);
  });
});

describe('looksMinified', () => {
  const normalLines = Array.from({ length: 40 }, (_, i) => `export const value${i} = process.env.V${i};`);

  it('takes a .min.js name as minified whatever its text', () => {
    expect(looksMinified('const a = process.env.A;\n', 'public/app.min.js')).toBe(true);
    expect(looksMinified('const a = process.env.A;\n', 'public/app.min.mjs')).toBe(true);
  });

  it('takes a file made mostly of lines over 1,000 characters as a bundle', () => {
    const bundle = `!function(){var e=process.env.BUNDLED;${'e=e+1;'.repeat(300)}}();\n`;
    expect(bundle.length).toBeGreaterThan(1000);
    expect(looksMinified(bundle, 'dist/app.js')).toBe(true);
    expect(javascriptExtractor.extract(bundle, 'dist/app.js')).toEqual({ references: [], dynamic: [] });
  });

  it('reads a hand-written file with one long data line', () => {
    const text = lines(...normalLines, `export const logo = "${'A'.repeat(1100)}";`);
    expect(looksMinified(text, 'src/logo.js')).toBe(false);
    expect(references(text, 'src/logo.js')).toHaveLength(40);
  });

  it('takes a source-mapped file with lines over 500 characters as generated, but not one with short lines', () => {
    const generated = lines(`var a=process.env.A;${'a++;'.repeat(150)}`, '//# sourceMappingURL=app.js.map');
    expect(looksMinified(generated, 'lib/app.js')).toBe(true);
    const compiled = lines(...normalLines, '//# sourceMappingURL=index.js.map');
    expect(looksMinified(compiled, 'lib/index.js')).toBe(false);
  });

  it('takes an ordinary file as hand-written', () => {
    expect(looksMinified(lines(...normalLines), 'src/values.ts')).toBe(false);
  });
});

describe('javascript extractor: names a Next.js build defines', () => {
  it("lists the keys of next.config's env option, whatever the export form", () => {
    const esm = lines(
      "const selfTrack = process.env.UMAMI_SELF_TRACK || '';",
      'const nextConfig = { env: { selfTrack, currentVersion: pkg.version, "quoted-key": 1 }, basePath: "" };',
      'export default nextConfig;',
    );
    const found = extract(esm, 'next.config.ts');
    expect(found.buildDefined).toEqual(['currentVersion', 'quoted-key', 'selfTrack']);
    expect(found.references.map((r) => r.name)).toEqual(['UMAMI_SELF_TRACK']);
    expect(extract("module.exports = { env: { API_BASE: process.env.API_BASE } };\n", 'apps/web/next.config.js').buildDefined).toEqual(['API_BASE']);
  });

  it('lists nothing for an env object in any other file', () => {
    expect(extract('export default { env: { selfTrack: 1 } };\n', 'vite.config.ts').buildDefined).toBeUndefined();
    expect(extract('export default { env: { selfTrack: 1 } };\n', 'src/next.config.helper.ts').buildDefined).toBeUndefined();
  });
});
