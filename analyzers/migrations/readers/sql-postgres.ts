/**
 * PostgreSQL statements read with PostgreSQL's own parser (libpg-query, the server's grammar as
 * WASM). Node shapes: https://github.com/pganalyze/libpg_query/blob/17-latest/protobuf/pg_query.proto;
 * statement reference https://www.postgresql.org/docs/current/sql-commands.html.
 *
 * - The parse tree has start offsets but no ends, so a column's type and constraints, a default, a
 *   CHECK and an index's column list are cut from the statement text: from the node's offset to the
 *   next comma or closing parenthesis at the same depth, whitespace folded, simple quoted names
 *   unquoted.
 * - hasDefault is also true for identity, generated and serial columns: they fill themselves.
 * - PRIMARY KEY implies NOT NULL.
 * - BEGIN / COMMIT / ROLLBACK are not operations: they are dropped.
 * - DROP TYPE is reported as drop-enum: the type's kind is not in the statement.
 * - A DO block of plain statements (drizzle-kit's guarded ADD CONSTRAINT) is read as its statements.
 */
import type {
  AlterTableCmd,
  ColumnDef,
  Constraint,
  Node,
  ParseResult,
  RangeVar,
} from 'libpg-query';
import type { SchemaOperation } from '../model.js';
import { clauseAt, leadingWords, NAME, operation, parenthesizedAfter } from './sql-fallback.js';
import { splitStatements } from './sql-split.js';

type ParseSync = (sql: string) => ParseResult;

let parser: Promise<ParseSync> | null = null;

/** libpg-query's WASM module is loaded once, on first use. */
function loadParser(): Promise<ParseSync> {
  parser ??= import('libpg-query').then(async (module) => {
    await module.loadModule();
    return module.parseSync;
  });
  return parser;
}

/** The operations of `sql` (one statement, or a goose block of several); null when it does not parse. */
export async function readPostgresStatement(sql: string): Promise<SchemaOperation[] | null> {
  const parseSync = await loadParser();
  let result: ParseResult;
  try {
    result = parseSync(sql);
  } catch {
    return null;
  }
  return (result.stmts ?? []).flatMap((raw) => {
    if (!raw.stmt) return [];
    const start = raw.stmt_location ?? 0;
    const own = raw.stmt_len ? sql.slice(start, start + raw.stmt_len) : sql.slice(start);
    return readStatement(raw.stmt, { sql, own, parse: parseSync });
  });
}

interface Source {
  /** The whole text given to the parser: node offsets point into it. */
  sql: string;
  /** This statement's text. */
  own: string;
  parse: ParseSync;
}

function readStatement(node: Node, source: Source): SchemaOperation[] {
  if ('TransactionStmt' in node) return [];
  if ('CreateStmt' in node) {
    const columns = (node.CreateStmt.tableElts ?? []).flatMap((element) =>
      'ColumnDef' in element && element.ColumnDef.colname ? [element.ColumnDef.colname] : [],
    );
    return [operation('create-table', relationName(node.CreateStmt.relation), null, listBriefly(columns))];
  }
  if ('CreateTableAsStmt' in node) {
    const { into, objtype } = node.CreateTableAsStmt;
    if (objtype === 'OBJECT_MATVIEW') return [other(source)];
    return [operation('create-table', relationName(into?.rel), null, 'AS query')];
  }
  if ('AlterTableStmt' in node) {
    const { relation, cmds, objtype } = node.AlterTableStmt;
    if (objtype && objtype !== 'OBJECT_TABLE' && objtype !== 'OBJECT_FOREIGN_TABLE') return [other(source)];
    const table = relationName(relation);
    return (cmds ?? []).flatMap((cmd) => ('AlterTableCmd' in cmd ? [readAlterTableCmd(table, cmd.AlterTableCmd, source)] : []));
  }
  if ('RenameStmt' in node) {
    const { renameType, relation, subname, newname } = node.RenameStmt;
    if (renameType === 'OBJECT_TABLE') return [operation('rename-table', relationName(relation), null, `→ ${newname}`)];
    if (renameType === 'OBJECT_COLUMN' && node.RenameStmt.relationType === 'OBJECT_TABLE') {
      return [operation('rename-column', relationName(relation), subname ?? null, `→ ${newname}`)];
    }
    if (renameType === 'OBJECT_TABCONSTRAINT') {
      return [operation('other', relationName(relation), null, `RENAME CONSTRAINT ${subname} → ${newname}`)];
    }
    return [other(source)];
  }
  if ('DropStmt' in node) return readDrop(node.DropStmt.removeType, node.DropStmt.objects ?? [], source);
  if ('IndexStmt' in node) {
    const { idxname, relation, indexParams, unique } = node.IndexStmt;
    const columns = relation?.location === undefined ? null : parenthesizedAfter(source.sql, relation.location);
    const single = indexParams?.length === 1 && 'IndexElem' in indexParams[0]! ? (indexParams[0].IndexElem.name ?? null) : null;
    const detail = [idxname, columns, unique ? 'UNIQUE' : null].filter(Boolean).join(' ');
    return [operation('add-index', relationName(relation), single, detail || null)];
  }
  if ('CreateEnumStmt' in node) {
    const values = strings(node.CreateEnumStmt.vals);
    return [operation('create-enum', dottedName(node.CreateEnumStmt.typeName), null, values.join(', '))];
  }
  if ('AlterEnumStmt' in node) {
    const { typeName, oldVal, newVal, newValNeighbor, newValIsAfter } = node.AlterEnumStmt;
    const where = newValNeighbor ? ` ${newValIsAfter ? 'AFTER' : 'BEFORE'} '${newValNeighbor}'` : '';
    const detail = oldVal ? `RENAME VALUE '${oldVal}' → '${newVal}'` : `ADD VALUE '${newVal}'${where}`;
    return [operation('alter-enum', dottedName(typeName), null, detail)];
  }
  if ('InsertStmt' in node) return [data('INSERT INTO', node.InsertStmt.relation)];
  if ('UpdateStmt' in node) return [data('UPDATE', node.UpdateStmt.relation)];
  if ('DeleteStmt' in node) return [data('DELETE FROM', node.DeleteStmt.relation)];
  if ('MergeStmt' in node) return [data('MERGE INTO', node.MergeStmt.relation)];
  if ('CopyStmt' in node) return [data('COPY', node.CopyStmt.relation)];
  if ('DoStmt' in node) return readDoBlock(node.DoStmt.args ?? [], source);
  if ('CreateExtensionStmt' in node) {
    return [operation('other', null, null, `CREATE EXTENSION ${node.CreateExtensionStmt.extname}`)];
  }
  if ('CreateTrigStmt' in node) {
    const { trigname, relation } = node.CreateTrigStmt;
    return [operation('other', relationName(relation), null, `CREATE TRIGGER ${trigname}`)];
  }
  if ('CreatePolicyStmt' in node) {
    const { policy_name, table } = node.CreatePolicyStmt;
    return [operation('other', relationName(table), null, `CREATE POLICY ${policy_name}`)];
  }
  return [other(source)];
}

function readAlterTableCmd(table: string | null, cmd: AlterTableCmd, source: Source): SchemaOperation {
  const column = cmd.name ?? null;
  const def = cmd.def;
  switch (cmd.subtype) {
    case 'AT_AddColumn':
      if (def && 'ColumnDef' in def) return addColumn(table, def.ColumnDef, source);
      break;
    case 'AT_DropColumn':
      return operation('drop-column', table, column);
    case 'AT_AlterColumnType': {
      const location = def && 'ColumnDef' in def ? def.ColumnDef.typeName?.location : undefined;
      const type = location === undefined ? null : clauseAt(source.sql, location);
      return operation('alter-column', table, column, type ? `TYPE ${type}` : 'TYPE');
    }
    case 'AT_SetNotNull':
      return { ...operation('alter-column', table, column, 'SET NOT NULL'), notNull: true };
    case 'AT_DropNotNull':
      return { ...operation('alter-column', table, column, 'DROP NOT NULL'), notNull: false };
    case 'AT_ColumnDefault': {
      const location = def ? firstLocation(def) : undefined;
      if (!def) return operation('alter-column', table, column, 'DROP DEFAULT');
      return operation('alter-column', table, column, location === undefined ? 'SET DEFAULT' : `SET DEFAULT ${clauseAt(source.sql, location)}`);
    }
    case 'AT_AddIdentity':
    case 'AT_SetIdentity':
    case 'AT_DropIdentity':
    case 'AT_SetExpression':
    case 'AT_DropExpression':
      return operation('alter-column', table, column, words(cmd.subtype));
    case 'AT_AddConstraint':
      if (def && 'Constraint' in def) return addConstraint(table, def.Constraint, source);
      break;
    case 'AT_DropConstraint':
      return operation('drop-constraint', table, null, column);
    default:
      break;
  }
  return operation('other', table, column, `ALTER TABLE ${words(cmd.subtype ?? '')}`.trim());
}

function addColumn(table: string | null, def: ColumnDef, source: Source): SchemaOperation {
  const constraints = (def.constraints ?? []).flatMap((node) => ('Constraint' in node ? [node.Constraint.contype] : []));
  const typeName = strings(def.typeName?.names).at(-1) ?? '';
  const added: SchemaOperation = operation('add-column', table, def.colname ?? null, columnDetail(def, source));
  if (constraints.includes('CONSTR_NOTNULL') || constraints.includes('CONSTR_PRIMARY')) added.notNull = true;
  else if (constraints.includes('CONSTR_NULL')) added.notNull = false;
  added.hasDefault =
    constraints.some((type) => type === 'CONSTR_DEFAULT' || type === 'CONSTR_IDENTITY' || type === 'CONSTR_GENERATED') ||
    /^(?:small|big)?serial[248]?$/.test(typeName);
  return added;
}

/** The column's type and constraints as written, without its name. */
function columnDetail(def: ColumnDef, source: Source): string | null {
  if (def.location === undefined) return null;
  const clause = clauseAt(source.sql, def.location);
  return clause.replace(new RegExp(String.raw`^${NAME}\s*`), '') || null;
}

const REFERENTIAL_ACTIONS: Record<string, string> = { r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

function addConstraint(table: string | null, constraint: Constraint, source: Source): SchemaOperation {
  const { contype, conname, keys, fk_attrs, pktable, pk_attrs } = constraint;
  const name = conname ?? null;
  const columns = strings(contype === 'CONSTR_FOREIGN' ? fk_attrs : keys);
  const parts: Array<string | null> = [];
  if (contype === 'CONSTR_FOREIGN') {
    parts.push('FOREIGN KEY', name, `(${columns.join(', ')})`, `REFERENCES ${relationName(pktable)}(${strings(pk_attrs).join(', ')})`);
    const onDelete = REFERENTIAL_ACTIONS[constraint.fk_del_action ?? ''];
    const onUpdate = REFERENTIAL_ACTIONS[constraint.fk_upd_action ?? ''];
    if (onDelete) parts.push(`ON DELETE ${onDelete}`);
    if (onUpdate) parts.push(`ON UPDATE ${onUpdate}`);
  } else if (contype === 'CONSTR_CHECK') {
    const location = constraint.location;
    parts.push('CHECK', name, location === undefined ? null : parenthesizedAfter(source.sql, location));
  } else {
    const kind = { CONSTR_PRIMARY: 'PRIMARY KEY', CONSTR_UNIQUE: 'UNIQUE', CONSTR_EXCLUSION: 'EXCLUDE' }[contype as string];
    parts.push(kind ?? words(contype ?? ''), name, columns.length > 0 ? `(${columns.join(', ')})` : null);
    if (constraint.indexname) parts.push(`USING INDEX ${constraint.indexname}`);
  }
  if (constraint.skip_validation) parts.push('NOT VALID');
  return operation('add-constraint', table, columns.length === 1 ? columns[0]! : null, parts.filter(Boolean).join(' '));
}

function readDrop(removeType: string | undefined, objects: Node[], source: Source): SchemaOperation[] {
  const kind = ({ OBJECT_TABLE: 'drop-table', OBJECT_INDEX: 'drop-index', OBJECT_TYPE: 'drop-enum' } as const)[removeType as string];
  if (!kind) return [other(source)];
  return objects.map((object) => {
    const name = 'List' in object ? dottedName(object.List.items) : 'TypeName' in object ? dottedName(object.TypeName.names) : null;
    return kind === 'drop-index' ? operation(kind, null, null, name) : operation(kind, name);
  });
}

/**
 * drizzle-kit wraps ADD CONSTRAINT in `DO $$ BEGIN … EXCEPTION WHEN duplicate_object THEN null;
 * END $$;`: a block whose body is plain SQL statements is read as those statements; any other
 * block (IF, loops, variables) is `other`.
 */
function readDoBlock(args: Node[], source: Source): SchemaOperation[] {
  const block = operation('other', null, null, 'DO block');
  const body = args.flatMap((arg) =>
    'DefElem' in arg && arg.DefElem.defname === 'as' && arg.DefElem.arg && 'String' in arg.DefElem.arg ? [arg.DefElem.arg.String.sval ?? ''] : [],
  )[0];
  const statements = body === undefined ? null : /^\s*begin\b([\s\S]*?)(?:\bexception\b[\s\S]*)?\bend\s*;?\s*$/i.exec(body);
  if (!statements) return [block];
  const operations: SchemaOperation[] = [];
  for (const statement of splitStatements(statements[1]!, { dialect: 'postgresql' })) {
    let result: ParseResult;
    try {
      result = source.parse(statement.text);
    } catch {
      return [block];
    }
    for (const raw of result.stmts ?? []) {
      if (raw.stmt) operations.push(...readStatement(raw.stmt, { sql: statement.text, own: statement.text, parse: source.parse }));
    }
  }
  return operations.length > 0 ? operations : [block];
}

function data(verb: string, relation: RangeVar | undefined): SchemaOperation {
  const table = relationName(relation);
  return operation('data', table, null, table ? `${verb} ${table}` : verb);
}

function other(source: Source): SchemaOperation {
  return operation('other', null, null, leadingWords(source.own));
}

function relationName(relation: RangeVar | undefined): string | null {
  if (!relation?.relname) return null;
  return [relation.catalogname, relation.schemaname, relation.relname].filter(Boolean).join('.');
}

function strings(nodes: Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((node) => ('String' in node && node.String.sval !== undefined ? [node.String.sval] : []));
}

function dottedName(nodes: Node[] | undefined): string | null {
  const parts = strings(nodes);
  return parts.length > 0 ? parts.join('.') : null;
}

/** `AT_EnableRowSecurity` → `ENABLE ROW SECURITY`. */
function words(identifier: string): string {
  return identifier
    .replace(/^(?:AT|CONSTR)_/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toUpperCase();
}

const BRIEF_LIMIT = 12;

export function listBriefly(names: string[]): string | null {
  if (names.length === 0) return null;
  if (names.length <= BRIEF_LIMIT) return names.join(', ');
  return `${names.slice(0, BRIEF_LIMIT).join(', ')}, … (${names.length} columns)`;
}

/** The smallest `location` in a node's tree: where its text starts. */
function firstLocation(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  let first: number | undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = key === 'location' && typeof child === 'number' && child >= 0 ? child : firstLocation(child);
    if (found !== undefined && (first === undefined || found < first)) first = found;
  }
  return first;
}
