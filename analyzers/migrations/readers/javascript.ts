/**
 * JavaScript and TypeScript migrations: Knex, Sequelize, TypeORM and MikroORM, parsed with Babel
 * (../../shared/javascript-source.ts). Each framework's calls are read by its own module:
 * ./javascript-knex.ts, ./javascript-sequelize.ts, ./javascript-typeorm.ts; MikroORM's
 * (https://mikro-orm.io/docs/migrations) `this.addSql(sql)` and `this.execute(sql)` are here.
 *
 * - Only the `up` function is read: `exports.up = …`, `module.exports = { up }`, `export async
 *   function up`, `export const up = …`, a class's `up` method. Helpers it calls are not followed.
 * - Which framework a file is comes from its text (migrationFrameworkOf); a file of none is read
 *   as nothing.
 * - Embedded SQL (`knex.raw`, `queryInterface.sequelize.query`, `queryRunner.query`, `addSql`) is
 *   read by the SQL reader; a template literal keeps its `${…}` as written, which the SQL reader
 *   leaves unparsed. `sql` is that SQL, one statement call per line, or null when there is none.
 * - Conditionals and loops are read as if every branch ran once.
 */
import type { File, Node } from '@babel/types';
import { parseScripts } from '../../shared/javascript-source.js';
import { bindingNames, keyName, propertyName, unwrap, walk } from '../../shared/js-ast.js';
import { emptyReading, MigrationSyntaxError, type MigrationReader } from '../model.js';
import { readKnexCall, readKnexUp } from './javascript-knex.js';
import { readSequelizeUp } from './javascript-sequelize.js';
import { chainOf, isCall, UpReader } from './javascript-steps.js';
import { readTypeormUp } from './javascript-typeorm.js';

export type MigrationFramework = 'knex' | 'sequelize' | 'typeorm' | 'mikro-orm';

/** Evidence of each framework in a file's text, tried in this order: MikroORM files may use Knex, TypeORM's may say `Migration`. */
const FRAMEWORK_SIGNS: ReadonlyArray<[MigrationFramework, RegExp]> = [
  ['mikro-orm', /['"]@mikro-orm\/(?:migrations|migrations-mongodb)['"]|\bextends\s+Migration\b[\s\S]*\bthis\.addSql\s*\(/],
  ['typeorm', /\bimplements\s+MigrationInterface\b|\bQueryRunner\b|\bqueryRunner\b|['"]typeorm['"]/],
  ['sequelize', /\bqueryInterface\b|\bQueryInterface\b|['"]sequelize(?:-cli)?['"]|\bSequelize\.(?:STRING|INTEGER|DATE|TEXT|BOOLEAN|UUID|BIGINT|JSONB?)\b/],
  ['knex', /\bknex\b|\bKnex\b|\.schema\s*\.\s*(?:createTable|alterTable|table|dropTable|renameTable|raw)\b/],
];

/** Which ORM a migration file is written for, from its content; null for none of the four. */
export function migrationFrameworkOf(text: string): MigrationFramework | null {
  return FRAMEWORK_SIGNS.find(([, sign]) => sign.test(text))?.[0] ?? null;
}

export const javascriptMigrationReader: MigrationReader = {
  id: 'javascript',
  async read(text, path, dialect) {
    const scripts = parseScripts(text, path, MigrationSyntaxError);
    const framework = migrationFrameworkOf(text);
    if (framework === null) return emptyReading();
    const reader = new UpReader(text);
    for (const { file } of scripts) {
      for (const up of upFunctions(file)) readUp(up, framework, reader);
    }
    return reader.build(dialect);
  },
};


type FunctionNode = Node & { type: 'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression' | 'ObjectMethod' | 'ClassMethod' };

function readUp(up: FunctionNode, framework: MigrationFramework, reader: UpReader): void {
  const params = up.params as Node[];
  const first = params[0] ? unwrap(params[0]) : null;
  const firstName = first?.type === 'Identifier' ? first.name : first?.type === 'AssignmentPattern' && first.left.type === 'Identifier' ? first.left.name : null;
  switch (framework) {
    case 'knex':
      readKnexUp(up.body, firstName, reader);
      return;
    case 'sequelize': {
      const names = new Set<string>();
      if (firstName) names.add(firstName);
      // Umzug passes `{ context: queryInterface }`.
      if (first?.type === 'ObjectPattern') {
        for (const property of first.properties) {
          if (property.type === 'ObjectProperty' && keyName(property) === 'context') for (const name of bindingNames(property.value)) names.add(name);
        }
      }
      const second = params[1] ? unwrap(params[1]) : null;
      readSequelizeUp(up.body, { queryInterface: names, namespace: second?.type === 'Identifier' ? second.name : null }, reader);
      return;
    }
    case 'typeorm':
      readTypeormUp(up.body, firstName, reader);
      return;
    case 'mikro-orm':
      readMikroOrmUp(up.body, reader);
      return;
  }
}

/**
 * `this.addSql(sql)` and `this.execute(sql)`; a Knex schema builder passed to addSql
 * (`this.addSql(this.getKnex().schema.createTable(…))`, MikroORM 5 and 6) is read as Knex.
 */
function readMikroOrmUp(body: Node, reader: UpReader): void {
  for (const { node } of walk(body)) {
    if (!isCall(node) || reader.isConsumed(node)) continue;
    const { root, calls } = chainOf(node);
    const first = calls[0];
    if (root.type === 'ThisExpression' && first && (first.method === 'addSql' || first.method === 'execute') && calls.length === 1) {
      const argument = first.args[0];
      if (argument && isCall(unwrap(argument))) continue;
      reader.consume(node);
      reader.addSql(argument, reader.source(node));
      continue;
    }
    readKnexCall(node, null, reader);
  }
}

/**
 * The `up` functions of a file: a function named `up` however it is declared or exported, or an
 * `up` property or method; `up: createUsers` follows the name to a function of the same file.
 */
function upFunctions(file: File): FunctionNode[] {
  const named = new Map<string, FunctionNode>();
  const found: Node[] = [];
  const references: string[] = [];
  for (const { node } of walk(file.program)) {
    if (node.type === 'FunctionDeclaration' && node.id) {
      named.set(node.id.name, node);
      if (node.id.name === 'up') found.push(node);
    } else if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init && isFunction(unwrap(node.init))) {
      named.set(node.id.name, unwrap(node.init) as FunctionNode);
      if (node.id.name === 'up') found.push(unwrap(node.init));
    } else if (node.type === 'ObjectMethod' && node.kind === 'method' && keyName(node) === 'up') {
      found.push(node);
    } else if (node.type === 'ClassMethod' && node.kind === 'method' && !node.computed && node.key.type === 'Identifier' && node.key.name === 'up') {
      found.push(node);
    } else if (node.type === 'ObjectProperty' && keyName(node) === 'up') {
      const value = unwrap(node.value as Node);
      if (isFunction(value)) found.push(value);
      else if (value.type === 'Identifier') references.push(value.name);
    } else if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && propertyName(node.left) === 'up') {
      const value = unwrap(node.right);
      if (isFunction(value)) found.push(value);
      else if (value.type === 'Identifier') references.push(value.name);
    }
  }
  for (const name of references) {
    const fn = named.get(name);
    if (fn) found.push(fn);
  }
  return [...new Set(found)].sort((a, b) => a.start! - b.start!) as FunctionNode[];
}

function isFunction(node: Node): boolean {
  return node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}
