import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import { schemaPath } from '../paths.ts';
import { expectedShape } from './expected-shape.ts';
import { introspectShape } from './introspect.ts';
import { parsePrismaSchema } from './parse-prisma.ts';
import { diffShapes, type ShapeDiff } from './shape.ts';

/**
 * Compares schema.prisma (or the given schema text) with the migrated database: tables, columns,
 * types, nullability, defaults, primary keys, unique and plain indexes, foreign keys.
 */
export async function compareSchemaWithDatabase(pool: pg.Pool, schemaSource?: string): Promise<ShapeDiff> {
  const source = schemaSource ?? (await readFile(schemaPath, 'utf8'));
  return diffShapes(expectedShape(parsePrismaSchema(source)), await introspectShape(pool));
}
