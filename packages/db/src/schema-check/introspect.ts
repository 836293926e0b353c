import type pg from 'pg';
import { describeColumn, describeForeignKey, describeIndex, type ShapeLine } from './shape.ts';

const REFERENTIAL: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

// Tables of the current schema, except Prisma's migration history.
const TABLES = `SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'`;

/** The live database's shape (current schema), rendered like expectedShape(). */
export async function introspectShape(pool: pg.Pool): Promise<ShapeLine[]> {
  const [tables, columns, indexes, foreignKeys] = await Promise.all([
    pool.query<{ relname: string }>(TABLES),
    pool.query<{ table: string; column: string; type: string; nullable: boolean; default: string | null }>(
      `SELECT t.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
              NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
         FROM (${TABLES}) t JOIN pg_attribute a ON a.attrelid = t.oid
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped`,
    ),
    pool.query<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[]; plain: boolean }>(
      `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
              array(SELECT coalesce(a.attname, '(expression)') FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                      LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
              (ix.indpred IS NULL AND am.amname = 'btree') AS plain
         FROM (${TABLES}) t JOIN pg_index ix ON ix.indrelid = t.oid JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_am am ON am.oid = i.relam`,
    ),
    pool.query<{ table: string; name: string; columns: string[]; ref_table: string; ref_columns: string[]; on_delete: string; on_update: string }>(
      `SELECT t.relname AS table, con.conname AS name, rt.relname AS ref_table,
              array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
              array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS ref_columns,
              con.confdeltype AS on_delete, con.confupdtype AS on_update
         FROM (${TABLES}) t JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype = 'f'
         JOIN pg_class rt ON rt.oid = con.confrelid`,
    ),
  ]);
  return [
    ...tables.rows.map((row) => `table ${row.relname}`),
    ...columns.rows.map((row) => describeColumn(row.table, row.column, row.type, row.nullable, row.default)),
    ...indexes.rows.map((row) => {
      const kind = row.primary ? 'primary key' : row.unique ? 'unique index' : 'index';
      // Partial or non-btree indexes cannot come from schema.prisma: mark them so they show up.
      return describeIndex(kind, row.plain ? row.name : `${row.name} (partial or non-btree)`, row.table, row.columns);
    }),
    ...foreignKeys.rows.map((row) =>
      describeForeignKey(row.name, row.table, row.columns, row.ref_table, row.ref_columns, REFERENTIAL[row.on_delete] ?? row.on_delete, REFERENTIAL[row.on_update] ?? row.on_update),
    ),
  ];
}
