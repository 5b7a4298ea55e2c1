/**
 * Environment variable reads in one parsed JavaScript or TypeScript program: `process.env`,
 * `import.meta.env` (https://vite.dev/guide/env-and-mode), `Bun.env`, `Deno.env.get`, SvelteKit's
 * `$env/*` and Astro's `astro:env/*` modules, and the config libraries whose variable names are
 * literals: @nestjs/config (https://docs.nestjs.com/techniques/configuration), envalid
 * (https://github.com/af/envalid), env-var (https://github.com/evanshortiss/env-var), t3-env
 * (https://env.t3.gg/docs/core) and zod schemas parsed from `process.env`.
 */
import type { File, Node } from '@babel/types';
import { ENV_NAME, type DynamicEnvRead, type EnvExtraction, type EnvReference } from '../model.js';
import {
  calledMethod, isRequireOf, isTransparent, keyName, lineOf, literalText, propertyName, staticString, unwrap, walk, type Visit,
} from '../../shared/js-ast.js';

const PROCESS_MODULES: ReadonlySet<string> = new Set(['process', 'node:process']);
const ENV_VAR_MODULES: ReadonlySet<string> = new Set(['env-var']);
/** SvelteKit: `import { env } from '$env/dynamic/private'` is `process.env` under another name. */
const SVELTEKIT_DYNAMIC_MODULES: ReadonlySet<string> = new Set(['$env/dynamic/private', '$env/dynamic/public']);
/** SvelteKit and Astro modules whose named imports are the variables themselves. */
const NAMED_VARIABLE_MODULES: ReadonlySet<string> = new Set(['$env/static/private', '$env/static/public', 'astro:env/server', 'astro:env/client']);
/** Set by Vite and Astro themselves, never by the deployment. */
const IMPORT_META_BUILT_INS: ReadonlySet<string> = new Set(['MODE', 'BASE_URL', 'PROD', 'DEV', 'SSR', 'SITE', 'ASSETS_PREFIX']);
/** Calls that convert a read without hiding it: `Number(process.env.PORT) || 3000` still defaults PORT. */
const CONVERSIONS: ReadonlySet<string> = new Set(['Number', 'parseInt', 'parseFloat', 'String', 'Boolean']);
const CONFIG_RECEIVER = /(?:config|configservice)$/i;
/** `configService.get` takes a literal of this shape to count: `map.get('x')` and `config.get('db.host')` do not. */
const ALL_CAPS_NAME = /^[A-Z_][A-Z0-9_]*$/;
const ENV_VAR_CHAIN_METHOD = /^(?:as[A-Z]\w*|required|default|example|convertFromBase64)$/;
const ZOD_PARSE_METHODS: ReadonlySet<string> = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync']);
const ZOD_OBJECT_METHODS: ReadonlySet<string> = new Set(['object', 'strictObject', 'looseObject']);
const ZOD_PASS_THROUGH_METHODS: ReadonlySet<string> = new Set(['strict', 'passthrough', 'strip', 'required', 'refine', 'superRefine', 'transform', 'catchall', 'readonly']);
const T3_SCHEMA_KEYS = ['server', 'client', 'shared'];
const MAX_EXPRESSION_LENGTH = 80;

type EnvObjectKind = 'process' | 'import-meta' | 'bun';

/** One read before fallbacks are applied. */
interface Read {
  name: string;
  line: number;
  /** Source offset, to keep the output in source order. */
  position: number;
  default: string | null;
  required: boolean;
  /** The expression whose value is the variable, to look for `|| 'd'`, `?? 'd'` and ternaries around; null when a schema decides. */
  value: Node | null;
}

export function findEnvReads(file: File, source: string): EnvExtraction {
  return new EnvReadFinder(file, source).find();
}

class EnvReadFinder {
  private readonly visits: Visit[];
  private readonly parents = new Map<Node, Node | null>();
  private readonly shadowedProcess = new Set<Node>();
  /** Names bound to an environment object: `const env = process.env`, `import { env } from 'node:process'`. */
  private readonly envAliases = new Set<string>();
  /** Names bound to the process module: `import proc from 'node:process'`. */
  private readonly processAliases = new Set<string>();
  /** env-var's module or a `from(...)` of it; `getters` are its `get` imported by name. */
  private readonly envVarReceivers = new Set<string>();
  private readonly envVarGetters = new Set<string>();
  private readonly envVarFroms = new Set<string>();
  /** `const NAME = <expression>`, to follow `cleanEnv(process.env, spec)` to the spec's object. */
  private readonly constants = new Map<string, Node>();
  private readonly reads: Read[] = [];
  private readonly dynamic: DynamicEnvRead[] = [];
  private readonly valueNames = new Map<Node, string>();

  constructor(file: File, private readonly source: string) {
    this.visits = walk(file.program);
    for (const visit of this.visits) {
      this.parents.set(visit.node, visit.parent);
      if (visit.processShadowed && visit.node.type === 'Identifier' && visit.node.name === 'process') this.shadowedProcess.add(visit.node);
    }
  }

  find(): EnvExtraction {
    for (const { node } of this.visits) this.collectBinding(node);
    for (const { node } of this.visits) this.collectReads(node);
    this.reads.sort((a, b) => a.line - b.line || a.position - b.position);
    const references = this.reads.map((read) => this.applyFallback(read));
    return { references: mergeSameLine(references), dynamic: this.dynamic.sort((a, b) => a.line - b.line) };
  }

  // --- bindings ---------------------------------------------------------------------------------

  private collectBinding(node: Node): void {
    if (node.type === 'ImportDeclaration') return this.collectImport(node);
    if (node.type !== 'VariableDeclarator' || !node.init) return;
    const init = unwrap(node.init);
    const id = node.id;
    if (id.type === 'Identifier') {
      if (!this.constants.has(id.name)) this.constants.set(id.name, init);
      if (this.envObjectKind(init)) this.envAliases.add(id.name);
      else if (isRequireOf(init, PROCESS_MODULES)) this.processAliases.add(id.name);
      else if (isRequireOf(init, ENV_VAR_MODULES) || this.isEnvVarFrom(init)) this.envVarReceivers.add(id.name);
      return;
    }
    if (id.type !== 'ObjectPattern') return;
    for (const property of id.properties) {
      if (property.type !== 'ObjectProperty') continue;
      const key = keyName(property);
      const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      if (value.type !== 'Identifier') continue;
      if (key === 'env' && this.isProcess(init)) this.envAliases.add(value.name);
      if (isRequireOf(init, ENV_VAR_MODULES)) {
        if (key === 'get') this.envVarGetters.add(value.name);
        if (key === 'from') this.envVarFroms.add(value.name);
      }
    }
  }

  private collectImport(node: Node & { type: 'ImportDeclaration' }): void {
    const from = node.source.value;
    for (const specifier of node.specifiers) {
      const local = specifier.local.name;
      const imported = specifier.type === 'ImportSpecifier'
        ? (specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value)
        : null;
      if (PROCESS_MODULES.has(from)) {
        if (imported === null) this.processAliases.add(local);
        else if (imported === 'env') this.envAliases.add(local);
      } else if (SVELTEKIT_DYNAMIC_MODULES.has(from) && imported === 'env') {
        this.envAliases.add(local);
      } else if (ENV_VAR_MODULES.has(from)) {
        if (imported === null) this.envVarReceivers.add(local);
        else if (imported === 'get') this.envVarGetters.add(local);
        else if (imported === 'from') this.envVarFroms.add(local);
      } else if (NAMED_VARIABLE_MODULES.has(from) && imported !== null && node.importKind !== 'type' && specifier.type === 'ImportSpecifier' && specifier.importKind !== 'type') {
        this.addRead(imported, specifier.imported, { default: null, required: true, value: null });
      }
    }
  }

  /** `from(process.env)` imported from env-var, or `envVar.from(...)` / `require('env-var').from(...)`. */
  private isEnvVarFrom(node: Node): boolean {
    if (node.type !== 'CallExpression') return false;
    const callee = unwrap(node.callee);
    if (callee.type === 'Identifier') return this.envVarFroms.has(callee.name);
    const method = calledMethod(node);
    if (method?.method !== 'from') return false;
    const object = unwrap(method.object);
    return (object.type === 'Identifier' && this.envVarReceivers.has(object.name)) || isRequireOf(object, ENV_VAR_MODULES);
  }

  // --- what is an environment object ------------------------------------------------------------

  /** The global `process` (not a local of that name), `require('node:process')`, or a name bound to either. */
  private isProcess(node: Node): boolean {
    const inner = unwrap(node);
    if (inner.type === 'Identifier') {
      return inner.name === 'process' ? !this.shadowedProcess.has(inner) : this.processAliases.has(inner.name);
    }
    return isRequireOf(inner, PROCESS_MODULES);
  }

  /** `process.env`, `import.meta.env`, `Bun.env`, or a name bound to one of them. */
  private envObjectKind(node: Node): EnvObjectKind | null {
    const inner = unwrap(node);
    if (inner.type === 'Identifier') return this.envAliases.has(inner.name) ? 'process' : null;
    if (propertyName(inner) !== 'env') return null;
    const object = unwrap((inner as Node & { object: Node }).object);
    if (this.isProcess(object)) return 'process';
    if (object.type === 'MetaProperty' && object.meta.name === 'import' && object.property.name === 'meta') return 'import-meta';
    if (object.type === 'Identifier' && object.name === 'Bun') return 'bun';
    return null;
  }

  // --- reads --------------------------------------------------------------------------------------

  private collectReads(node: Node): void {
    switch (node.type) {
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        return this.collectMemberRead(node);
      case 'ObjectPattern':
        return this.collectPatternReads(node);
      case 'CallExpression':
      case 'OptionalCallExpression':
        return this.collectCallReads(node);
      case 'BinaryExpression':
        // 'X' in process.env
        if (node.operator === 'in' && node.left.type !== 'PrivateName' && this.envObjectKind(node.right)) {
          const name = staticString(node.left);
          if (name !== null) this.addRead(name, node.left, { default: null, required: false, value: null });
        }
        return;
      case 'ObjectProperty':
        return this.collectAstroSchemaField(node);
      default:
        return;
    }
  }

  /** `process.env.X`, `process.env['X']`, `` process.env[`X`] ``, `process?.env?.X`; `process.env[name]` is dynamic. */
  private collectMemberRead(node: Node & { type: 'MemberExpression' | 'OptionalMemberExpression' }): void {
    const kind = this.envObjectKind(node.object);
    if (!kind) return;
    const outer = this.climbTransparent(node);
    const parent = this.parents.get(outer) ?? null;
    if (parent && (parent.type === 'CallExpression' || parent.type === 'OptionalCallExpression') && parent.callee === outer) {
      return this.collectEnvMethodCall(node, parent);
    }
    if (this.isWriteTarget(outer)) return;
    const name = propertyName(node);
    if (name === null) {
      this.addDynamic(node);
      return;
    }
    if (kind === 'import-meta' && IMPORT_META_BUILT_INS.has(name)) return;
    const optional = hasOptionalLink(node) || this.isOptionallyUsed(outer);
    this.addRead(name, node.property, { default: null, required: !optional, value: node });
  }

  /** `process.env.hasOwnProperty('X')`: a presence check. Other methods of the object are not variables. */
  private collectEnvMethodCall(member: Node & { type: 'MemberExpression' | 'OptionalMemberExpression' }, call: Node & { type: 'CallExpression' | 'OptionalCallExpression' }): void {
    if (propertyName(member) !== 'hasOwnProperty' || !call.arguments[0]) return;
    const name = staticString(call.arguments[0]);
    if (name !== null) this.addRead(name, call.arguments[0], { default: null, required: false, value: null });
  }

  /** `process.env.X = 'v'`, `process.env.X++`, `delete process.env.X` write; `process.env.X ??= 'd'` reads with a default. */
  private isWriteTarget(outer: Node): boolean {
    const parent = this.parents.get(outer);
    if (!parent) return false;
    if (parent.type === 'AssignmentExpression' && parent.left === outer) return !['||=', '??=', '&&='].includes(parent.operator);
    if (parent.type === 'UpdateExpression') return true;
    if (parent.type === 'UnaryExpression' && parent.operator === 'delete') return true;
    return false;
  }

  /** `const { X, Y: y = 'd', ...rest } = process.env`, also nested in `const { env: { X } } = process`. */
  private collectPatternReads(pattern: Node & { type: 'ObjectPattern' }): void {
    const parent = this.parents.get(pattern);
    let source: Node | null = null;
    if (parent?.type === 'VariableDeclarator' && parent.id === pattern) source = parent.init ?? null;
    else if (parent?.type === 'AssignmentExpression' && parent.left === pattern) source = parent.right;
    else if (parent?.type === 'AssignmentPattern' && parent.left === pattern) source = parent.right;
    if (!source) return;
    const kind = this.envObjectKind(source);
    if (kind) return this.readEnvPattern(pattern, kind);
    if (!this.isProcess(source)) return;
    for (const property of pattern.properties) {
      if (property.type !== 'ObjectProperty' || keyName(property) !== 'env') continue;
      const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      if (value.type === 'ObjectPattern') this.readEnvPattern(value, 'process');
    }
  }

  private readEnvPattern(pattern: Node & { type: 'ObjectPattern' }, kind: EnvObjectKind): void {
    for (const property of pattern.properties) {
      if (property.type === 'RestElement') {
        this.addDynamic(property);
        continue;
      }
      const name = keyName(property);
      if (name === null) {
        this.addDynamic(property);
        continue;
      }
      if (kind === 'import-meta' && IMPORT_META_BUILT_INS.has(name)) continue;
      const fallback = property.value.type === 'AssignmentPattern' ? property.value.right : null;
      this.addRead(name, property.key, { default: fallback ? literalText(fallback) : null, required: !fallback, value: null });
    }
  }

  private collectCallReads(call: Node & { type: 'CallExpression' | 'OptionalCallExpression' }): void {
    const callee = unwrap(call.callee);
    const method = calledMethod(call);
    const calleeName = callee.type === 'Identifier' ? callee.name : method?.method ?? null;
    if (calleeName === 'cleanEnv' || calleeName === 'customCleanEnv') return this.collectEnvalidSpec(call);
    if (calleeName === 'createEnv') return this.collectT3Schema(call);
    if (callee.type === 'Identifier' && this.envVarGetters.has(callee.name)) return this.collectEnvVarGet(call, true);
    if (!method) return;
    if ((method.method === 'get' || method.method === 'has') && isDenoEnv(method.object)) return this.collectDenoGet(call, method.method === 'has');
    if (method.method === 'get') {
      const receiver = unwrap(method.object);
      if (receiver.type === 'Identifier' && this.envVarReceivers.has(receiver.name)) return this.collectEnvVarGet(call, true);
      if (receiver.type === 'Identifier' && receiver.name === 'env') return this.collectEnvVarGet(call, false);
    }
    if (method.method === 'get' || method.method === 'getOrThrow') return this.collectConfigGet(call, method.object, method.method === 'getOrThrow');
    if (ZOD_PARSE_METHODS.has(method.method) && call.arguments[0] && this.envObjectKind(call.arguments[0] as Node)) {
      return this.collectZodObject(method.object);
    }
  }

  /** `Deno.env.get('X')`; `Deno.env.has('X')` is a presence check. */
  private collectDenoGet(call: Node & { type: 'CallExpression' | 'OptionalCallExpression' }, isCheck: boolean): void {
    const argument = call.arguments[0];
    if (!argument) return;
    const name = staticString(argument);
    if (name === null) {
      if (!isCheck) this.addDynamic(call);
      return;
    }
    if (isCheck) this.addRead(name, argument, { default: null, required: false, value: null });
    else this.addRead(name, argument, { default: null, required: !this.isOptionallyUsed(call), value: call });
  }

  /**
   * env-var: `env.get('X').required().asString()`, `.default('d')`. Without `.required()` env-var
   * returns undefined for a missing variable, so only `.required()` makes it required. A receiver
   * merely named `env` counts only with an env-var method in the chain and an all-caps name.
   */
  private collectEnvVarGet(call: Node & { type: 'CallExpression' | 'OptionalCallExpression' }, isEnvVar: boolean): void {
    const argument = call.arguments[0];
    if (!argument) return;
    const name = staticString(argument);
    let outer: Node = call;
    let required = false;
    let fallback: string | null = null;
    let hasDefault = false;
    let hasEnvVarMethod = false;
    for (;;) {
      const member = this.parents.get(outer);
      const next = member ? this.parents.get(member) : null;
      if (!member || !next || (member.type !== 'MemberExpression' && member.type !== 'OptionalMemberExpression') || member.object !== outer) break;
      if ((next.type !== 'CallExpression' && next.type !== 'OptionalCallExpression') || next.callee !== member) break;
      const method = propertyName(member) ?? '';
      if (ENV_VAR_CHAIN_METHOD.test(method)) hasEnvVarMethod = true;
      if (method === 'required') required = !(next.arguments[0] && literalText(next.arguments[0]) === 'false');
      if (method === 'default' && next.arguments[0]) {
        hasDefault = true;
        fallback = literalText(next.arguments[0]);
      }
      outer = next;
    }
    if (!isEnvVar && (!hasEnvVarMethod || name === null || !ALL_CAPS_NAME.test(name))) return;
    if (name === null) return this.addDynamic(call);
    this.addRead(name, argument, { default: fallback, required: required && !hasDefault, value: outer });
  }

  /** `configService.get('X')`, `this.config.get<number>('X', 3000)`, `configService.getOrThrow('X')`. */
  private collectConfigGet(call: Node & { type: 'CallExpression' | 'OptionalCallExpression' }, receiver: Node, orThrow: boolean): void {
    const object = unwrap(receiver);
    const receiverName = object.type === 'Identifier' ? object.name : propertyName(object);
    if (receiverName === null || !CONFIG_RECEIVER.test(receiverName)) return;
    const argument = call.arguments[0];
    const name = argument ? staticString(argument) : null;
    if (name === null || !ALL_CAPS_NAME.test(name)) return;
    // The second argument is a default, unless it is the options object (`{ infer: true }`).
    const second = call.arguments[1] && !orThrow && unwrap(call.arguments[1]).type !== 'ObjectExpression' ? call.arguments[1] : null;
    this.addRead(name, argument!, {
      default: second ? literalText(second) : null,
      required: !second && (orThrow || !this.isOptionallyUsed(call)),
      value: call,
    });
  }

  /** envalid: `cleanEnv(process.env, { X: str(), Y: port({ default: 3000 }), Z: str({ devDefault: 'z' }) })`. */
  private collectEnvalidSpec(call: Node & { type: 'CallExpression' | 'OptionalCallExpression' }): void {
    const spec = call.arguments[1] ? this.resolveObject(call.arguments[1]) : null;
    if (!spec) return;
    for (const property of spec.properties) {
      const name = keyName(property);
      if (name === null || property.type !== 'ObjectProperty') continue;
      const validator = unwrap(property.value);
      const options = validator.type === 'CallExpression' && validator.arguments[0] ? this.resolveObject(validator.arguments[0]) : null;
      const byDefault = options ? propertyValue(options, 'default') : null;
      const byDevDefault = options ? propertyValue(options, 'devDefault') : null;
      // A devDefault applies outside production only: production still needs the variable set.
      this.addRead(name, property.key, {
        default: byDefault ? literalText(byDefault) : byDevDefault ? literalText(byDevDefault) : null,
        required: !byDefault,
        value: null,
      });
    }
  }

  /** t3-env: `createEnv({ server: { X: z.string() }, client: { ... }, shared: { ... }, runtimeEnv })`. */
  private collectT3Schema(call: Node & { type: 'CallExpression' | 'OptionalCallExpression' }): void {
    const options = call.arguments[0] ? this.resolveObject(call.arguments[0]) : null;
    if (!options) return;
    for (const key of T3_SCHEMA_KEYS) {
      const schema = propertyValue(options, key);
      const object = schema ? this.resolveObject(schema) : null;
      if (object) this.readZodShape(object, false);
    }
  }

  /** `z.object({ X: z.string() }).parse(process.env)`, directly or through a constant, with `.extend` and `.partial`. */
  private collectZodObject(schema: Node, partial = false, depth = 0): void {
    if (depth > 8) return;
    const node = unwrap(schema);
    if (node.type === 'Identifier') {
      const value = this.constants.get(node.name);
      if (value) this.collectZodObject(value, partial, depth + 1);
      return;
    }
    const method = calledMethod(node);
    if (!method) return;
    const call = node as Node & { type: 'CallExpression' | 'OptionalCallExpression' };
    const shape = call.arguments[0] ? this.resolveObject(call.arguments[0]) : null;
    if (ZOD_OBJECT_METHODS.has(method.method)) {
      if (shape) this.readZodShape(shape, partial);
    } else if (method.method === 'extend') {
      if (shape) this.readZodShape(shape, partial);
      this.collectZodObject(method.object, partial, depth + 1);
    } else if (method.method === 'partial') {
      this.collectZodObject(method.object, true, depth + 1);
    } else if (ZOD_PASS_THROUGH_METHODS.has(method.method)) {
      this.collectZodObject(method.object, partial, depth + 1);
    }
  }

  private readZodShape(shape: Node & { type: 'ObjectExpression' }, partial: boolean): void {
    for (const property of shape.properties) {
      const name = keyName(property);
      if (name === null || property.type !== 'ObjectProperty') continue;
      const { fallback, optional } = zodModifiers(property.value);
      this.addRead(name, property.key, { default: fallback, required: !partial && !optional, value: null });
    }
  }

  /** Astro: `env: { schema: { X: envField.string({ context: 'server', access: 'secret', optional: true }) } }`. */
  private collectAstroSchemaField(property: Node & { type: 'ObjectProperty' }): void {
    const method = calledMethod(unwrap(property.value));
    if (!method) return;
    const receiver = unwrap(method.object);
    if (receiver.type !== 'Identifier' || receiver.name !== 'envField') return;
    const name = keyName(property);
    if (name === null) return;
    const call = unwrap(property.value) as Node & { type: 'CallExpression' };
    const options = call.arguments[0] ? this.resolveObject(call.arguments[0]) : null;
    const byDefault = options ? propertyValue(options, 'default') : null;
    const optional = options ? propertyValue(options, 'optional') : null;
    this.addRead(name, property.key, {
      default: byDefault ? literalText(byDefault) : null,
      required: !byDefault && !(optional && literalText(optional) === 'true'),
      value: null,
    });
  }

  /** An object literal, or a constant holding one. */
  private resolveObject(node: Node): (Node & { type: 'ObjectExpression' }) | null {
    let current = unwrap(node);
    for (let depth = 0; current.type === 'Identifier' && depth < 8; depth++) {
      const value = this.constants.get(current.name);
      if (!value) return null;
      current = unwrap(value);
    }
    return current.type === 'ObjectExpression' ? current : null;
  }

  // --- fallbacks ------------------------------------------------------------------------------------

  /**
   * A read's default from the code around it: `|| 'd'` and `?? 'd'` (the first literal among the
   * fallbacks; a non-literal one still makes the variable optional), `??=`, conversions in between
   * (`Number(process.env.PORT) || 3000`), and `process.env.X ? process.env.X : 'd'`. A guard
   * (`process.env.CI && x`) makes it optional without a default; `if (!process.env.X) throw` does not.
   */
  private applyFallback(read: Read): EnvReference {
    const reference: EnvReference = { name: read.name, source: 'code', line: read.line, default: read.default, required: read.required };
    if (!read.value) return reference;
    const fallbacks: Node[] = [];
    let guarded = false;
    let node = read.value;
    for (;;) {
      const parent = this.parents.get(node);
      if (!parent) break;
      if (isTransparent(parent) || this.isConversionOf(parent, node)) {
        node = parent;
      } else if (parent.type === 'LogicalExpression' && (parent.operator === '||' || parent.operator === '??')) {
        if (parent.left === node) fallbacks.push(...logicalOperands(parent.right));
        node = parent;
      } else if (parent.type === 'LogicalExpression' && parent.operator === '&&' && parent.left === node) {
        guarded = true;
        break;
      } else if (parent.type === 'AssignmentExpression' && parent.left === node && (parent.operator === '||=' || parent.operator === '??=')) {
        fallbacks.push(parent.right);
        break;
      } else {
        break;
      }
    }
    const ternary = this.ternaryFallback(read.value, read.name);
    if (ternary) fallbacks.push(...ternary);
    if (fallbacks.length === 0 && ternary === null && !guarded) return reference;
    const literal = fallbacks.map((fallback) => literalText(fallback)).find((text) => text !== null) ?? null;
    return { ...reference, default: literal ?? reference.default, required: false };
  }

  /**
   * `process.env.X ? process.env.X : 'd'` and `!process.env.X ? 'd' : process.env.X`, for either
   * read: the other branch is the fallback. A tested variable whose value is not used
   * (`process.env.X ? a : b`) is optional, with no fallback: an empty list.
   */
  private ternaryFallback(value: Node, name: string): Node[] | null {
    let node = this.climbTransparent(value);
    let parent = this.parents.get(node);
    let negated = false;
    if (parent?.type === 'UnaryExpression' && parent.operator === '!') {
      negated = true;
      node = this.climbTransparent(parent);
      parent = this.parents.get(node);
    }
    if (parent?.type !== 'ConditionalExpression') return null;
    if (parent.test === node) {
      const [used, other] = negated ? [parent.alternate, parent.consequent] : [parent.consequent, parent.alternate];
      return this.valueNames.get(unwrap(used)) === name ? [other] : [];
    }
    if (negated) return null;
    let test = unwrap(parent.test);
    let testNegated = false;
    if (test.type === 'UnaryExpression' && test.operator === '!') {
      testNegated = true;
      test = unwrap(test.argument);
    }
    if (this.valueNames.get(test) !== name) return null;
    const [used, other] = testNegated ? [parent.alternate, parent.consequent] : [parent.consequent, parent.alternate];
    return unwrap(used) === unwrap(node) ? [other] : null;
  }

  /** `process.env.X?.split(',')`: the code copes with a missing variable. */
  private isOptionallyUsed(value: Node): boolean {
    const outer = this.climbTransparent(value);
    const parent = this.parents.get(outer);
    if (parent?.type === 'OptionalMemberExpression' && parent.object === outer) return parent.optional;
    if (parent?.type === 'OptionalCallExpression' && parent.callee === outer) return parent.optional;
    return false;
  }

  private isConversionOf(parent: Node, node: Node): boolean {
    if (parent.type === 'UnaryExpression') return parent.operator === '+';
    if (parent.type !== 'CallExpression' || parent.arguments[0] !== node) return false;
    const callee = unwrap(parent.callee);
    if (callee.type === 'Identifier') return CONVERSIONS.has(callee.name);
    const method = propertyName(callee);
    const object = callee.type === 'MemberExpression' ? unwrap(callee.object) : null;
    return object?.type === 'Identifier' && object.name === 'Number' && (method === 'parseInt' || method === 'parseFloat');
  }

  private climbTransparent(node: Node): Node {
    let current = node;
    for (let parent = this.parents.get(current); parent && isTransparent(parent); parent = this.parents.get(current)) current = parent;
    return current;
  }

  // --- results ----------------------------------------------------------------------------------------

  private addRead(name: string, at: Node, read: Omit<Read, 'name' | 'line' | 'position'>): void {
    if (!ENV_NAME.test(name)) return;
    this.reads.push({ name, line: lineOf(at), position: at.start ?? 0, ...read });
    if (read.value) this.valueNames.set(read.value, name);
  }

  private addDynamic(node: Node): void {
    if (node.start == null || node.end == null) return;
    const expression = this.source.slice(node.start, node.end).replace(/\s+/g, ' ').slice(0, MAX_EXPRESSION_LENGTH);
    this.dynamic.push({ line: lineOf(node), expression });
  }
}

/** `Deno.env`. */
function isDenoEnv(node: Node): boolean {
  const inner = unwrap(node);
  if ((inner.type !== 'MemberExpression' && inner.type !== 'OptionalMemberExpression') || propertyName(inner) !== 'env') return false;
  const object = unwrap(inner.object);
  return object.type === 'Identifier' && object.name === 'Deno';
}

/** True when any link of `a?.b?.c` up to the root is optional: `process?.env.X`, `process.env?.X`. */
function hasOptionalLink(node: Node): boolean {
  for (let current: Node = node; current.type === 'MemberExpression' || current.type === 'OptionalMemberExpression'; current = unwrap(current.object)) {
    if (current.type === 'OptionalMemberExpression' && current.optional) return true;
  }
  return false;
}

/** `a || (b ?? c)` → a, b, c. */
function logicalOperands(node: Node): Node[] {
  const inner = unwrap(node);
  if (inner.type === 'LogicalExpression' && (inner.operator === '||' || inner.operator === '??')) {
    return [...logicalOperands(inner.left), ...logicalOperands(inner.right)];
  }
  return [inner];
}

/** The value of `key: value` in an object literal. */
function propertyValue(object: Node & { type: 'ObjectExpression' }, key: string): Node | null {
  for (const property of object.properties) {
    if (property.type === 'ObjectProperty' && keyName(property) === key) return property.value;
  }
  return null;
}

/** A zod chain's `.default(v)` (the outermost) and `.optional()` / `.nullish()`. */
function zodModifiers(value: Node): { fallback: string | null; optional: boolean } {
  let fallback: string | null = null;
  let hasDefault = false;
  let optional = false;
  let node = unwrap(value);
  for (let method = calledMethod(node); method; method = calledMethod(node)) {
    const call = node as Node & { type: 'CallExpression' | 'OptionalCallExpression' };
    if (method.method === 'default' && !hasDefault && call.arguments[0]) {
      hasDefault = true;
      fallback = literalText(call.arguments[0]);
    }
    if (method.method === 'optional' || method.method === 'nullish') optional = true;
    node = unwrap(method.object);
  }
  return { fallback, optional: optional || hasDefault };
}

/**
 * One reference per name and line: `process.env.X ? process.env.X : 'd'` is one read. The merged
 * reference keeps the first default and is required only when every read on the line is.
 */
function mergeSameLine(references: EnvReference[]): EnvReference[] {
  const byKey = new Map<string, EnvReference>();
  for (const reference of references) {
    const key = `${reference.line}\u0000${reference.name}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...reference });
      continue;
    }
    seen.default ??= reference.default;
    seen.required &&= reference.required;
  }
  return [...byKey.values()];
}
