import type { Attribute, AttrArg, AttrValue, PrismaField, PrismaModel } from './parse-prisma.ts';
import { describeColumn, describeForeignKey, describeIndex, type ShapeLine } from './shape.ts';

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Float', 'Decimal', 'Boolean', 'DateTime', 'Json', 'Bytes']);
const REFERENTIAL: Record<string, string> = { Cascade: 'CASCADE', Restrict: 'RESTRICT', NoAction: 'NO ACTION', SetNull: 'SET NULL', SetDefault: 'SET DEFAULT' };

/** What the migrated database must look like, by Prisma's rules for PostgreSQL. */
export function expectedShape(models: PrismaModel[]): ShapeLine[] {
  const byName = new Map(models.map((model) => [model.name, model]));
  return models.flatMap((model) => modelShape(model, byName));
}

function modelShape(model: PrismaModel, models: Map<string, PrismaModel>): ShapeLine[] {
  const table = stringArg(attr(model.attributes, 'map')) ?? model.name;
  const columns = model.fields.filter((field) => isColumn(field));
  const column = (fieldName: string): string => {
    const field = model.fields.find((candidate) => candidate.name === fieldName);
    if (field === undefined) throw new Error(`model ${model.name}: no field ${fieldName}`);
    return columnName(field);
  };
  const lines: ShapeLine[] = [`table ${table}`];
  for (const field of columns) {
    lines.push(describeColumn(table, columnName(field), columnType(field), field.optional, columnDefault(field, table)));
  }
  const id = columns.filter((field) => attr(field.attributes, 'id')).map((field) => columnName(field));
  const blockId = attr(model.attributes, 'id');
  const primary = blockId ? fieldList(blockId).map(column) : id;
  if (primary.length > 0) lines.push(describeIndex('primary key', indexName(blockId, `${table}_pkey`), table, primary));
  for (const field of columns.filter((candidate) => attr(candidate.attributes, 'unique'))) {
    const name = columnName(field);
    lines.push(describeIndex('unique index', indexName(attr(field.attributes, 'unique'), `${table}_${name}_key`), table, [name]));
  }
  for (const { name, args } of model.attributes) {
    if (name !== 'unique' && name !== 'index') continue;
    const cols = fieldList({ name, args }).map(column);
    const fallback = `${table}_${cols.join('_')}_${name === 'unique' ? 'key' : 'idx'}`;
    lines.push(describeIndex(name === 'unique' ? 'unique index' : 'index', indexName({ name, args }, fallback), table, cols));
  }
  for (const field of model.fields) {
    const relation = attr(field.attributes, 'relation');
    const fields = relation && listArg(relation, 'fields');
    if (!relation || !fields) continue;
    const target = models.get(field.type);
    if (target === undefined) throw new Error(`model ${model.name}: relation to unknown model ${field.type}`);
    const targetTable = stringArg(attr(target.attributes, 'map')) ?? target.name;
    const targetColumn = (name: string): string => {
      const targetField = target.fields.find((candidate) => candidate.name === name);
      if (targetField === undefined) throw new Error(`model ${target.name}: no field ${name}`);
      return columnName(targetField);
    };
    const cols = fields.map(column);
    const allOptional = fields.every((name) => model.fields.find((candidate) => candidate.name === name)?.optional === true);
    const onDelete = REFERENTIAL[namedArg(relation, 'onDelete') ?? (allOptional ? 'SetNull' : 'Restrict')] ?? '?';
    const onUpdate = REFERENTIAL[namedArg(relation, 'onUpdate') ?? 'Cascade'] ?? '?';
    const name = namedString(relation, 'map') ?? `${table}_${cols.join('_')}_fkey`;
    lines.push(describeForeignKey(name, table, cols, targetTable, (listArg(relation, 'references') ?? []).map(targetColumn), onDelete, onUpdate));
  }
  return lines;
}

function isColumn(field: PrismaField): boolean {
  return SCALARS.has(field.type) || field.type.startsWith('Unsupported(');
}

function columnName(field: PrismaField): string {
  return stringArg(attr(field.attributes, 'map')) ?? field.name;
}

/** The type as Postgres' format_type() prints it. */
function columnType(field: PrismaField): string {
  const native = field.attributes.find((attribute) => attribute.name.startsWith('db.'));
  const nativeName = native?.name.slice(3);
  const params = native?.args.map((arg) => (typeof arg.value === 'number' ? String(arg.value) : plainName(arg.value))) ?? [];
  const base = scalarType(field.type, nativeName, params);
  return field.list ? `${base}[]` : base;
}

function scalarType(type: string, native: string | undefined, params: string[]): string {
  const unsupported = /^Unsupported\("(.*)"\)$/.exec(type);
  if (unsupported) return unsupported[1] ?? '';
  const p = params.length > 0 ? `(${params.join(',')})` : '';
  if (native !== undefined) {
    const types: Record<string, string> = {
      Uuid: 'uuid', Text: 'text', VarChar: `character varying${p}`, Char: `character${p}`, SmallInt: 'smallint',
      Integer: 'integer', BigInt: 'bigint', Real: 'real', DoublePrecision: 'double precision', Decimal: `numeric${p}`,
      Boolean: 'boolean', Timestamptz: `timestamp${p} with time zone`, Timestamp: `timestamp${p} without time zone`,
      Date: 'date', Json: 'json', JsonB: 'jsonb', ByteA: 'bytea',
    };
    const mapped = types[native];
    if (mapped === undefined) throw new Error(`the schema check does not know @db.${native} yet`);
    return mapped;
  }
  const defaults: Record<string, string> = {
    String: 'text', Int: 'integer', BigInt: 'bigint', Float: 'double precision', Decimal: 'numeric(65,30)',
    Boolean: 'boolean', DateTime: 'timestamp(3) without time zone', Json: 'jsonb', Bytes: 'bytea',
  };
  return defaults[type] ?? type;
}

/** The default as pg_get_expr() prints it; null when Prisma sets none in the database. */
function columnDefault(field: PrismaField, table: string): string | null {
  const value = attr(field.attributes, 'default')?.args[0]?.value;
  if (value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    const cast = field.type === 'Json' ? 'jsonb' : 'text';
    return `'${value.replaceAll("'", "''")}'::${cast}`;
  }
  if (Array.isArray(value)) throw new Error(`field ${field.name}: list defaults are not supported by the schema check`);
  if (value.call === 'now') return 'CURRENT_TIMESTAMP';
  // SERIAL / BIGSERIAL: the sequence Postgres names after the table and column.
  if (value.call === 'autoincrement') return `nextval('${table}_${columnName(field)}_seq'::regclass)`;
  if (value.call === 'dbgenerated') return typeof value.args[0]?.value === 'string' ? value.args[0].value : null;
  if (value.call === 'uuid' || value.call === 'cuid' || value.call === 'nanoid' || value.call === 'ulid') return null;
  throw new Error(`field ${field.name}: the schema check does not know @default(${value.call}()) yet`);
}

function attr(attributes: Attribute[], name: string): Attribute | undefined {
  return attributes.find((attribute) => attribute.name === name);
}

function stringArg(attribute: Attribute | undefined): string | undefined {
  const value = attribute?.args[0]?.value;
  return typeof value === 'string' ? value : undefined;
}

function namedString(attribute: Attribute, name: string): string | undefined {
  const value = attribute.args.find((arg) => arg.name === name)?.value;
  return typeof value === 'string' ? value : undefined;
}

const namedArg = namedString;

function listArg(attribute: Attribute, name: string): string[] | undefined {
  const value = attribute.args.find((arg) => arg.name === name)?.value;
  return Array.isArray(value) ? value.map((item) => plainName(item)) : undefined;
}

/** The field list of @@id/@@unique/@@index: the first positional (or `fields:`) argument. */
function fieldList(attribute: Attribute): string[] {
  const arg: AttrArg | undefined = attribute.args.find((candidate) => candidate.name === null || candidate.name === 'fields');
  if (arg === undefined || !Array.isArray(arg.value)) throw new Error(`@@${attribute.name} needs a field list`);
  return arg.value.map((item) => plainName(item));
}

function plainName(value: AttrValue): string {
  if (typeof value === 'string') return value;
  throw new Error(`the schema check does not understand index arguments like ${JSON.stringify(value)} yet`);
}

function indexName(attribute: Attribute | undefined, fallback: string): string {
  return (attribute && namedString(attribute, 'map')) ?? fallback;
}
