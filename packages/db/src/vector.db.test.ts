import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestDatabaseEnv } from './env.ts';
import { openTestDatabase, type TestDatabase } from './testing.ts';
import { requireVector, VectorUnavailableError } from './vector.ts';

describe('requireVector', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  }, 120_000);
  afterAll(() => db.dispose());

  it.runIf(readTestDatabaseEnv().backend === 'pglite')('passes on the embedded database, and vectors work', async () => {
    await requireVector(db);
    await db.pool.query('CREATE TEMP TABLE v (e vector(3))');
    await db.pool.query("INSERT INTO v VALUES ('[1,0,0]'), ('[0,1,0]')");
    const nearest = await db.pool.query<{ e: string }>("SELECT e::text FROM v ORDER BY e <=> '[0.9,0.1,0]' LIMIT 1");
    expect(nearest.rows[0]?.e).toBe('[1,0,0]');
    await db.pool.query('DROP TABLE v');
  });

  // The Postgres 15 on the build machines has no pgvector (Debian ships none).
  it.runIf(readTestDatabaseEnv().backend === 'postgres')('explains what to do on a server without pgvector', async () => {
    const error: unknown = await requireVector(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VectorUnavailableError);
    const message = error instanceof Error ? error.message : '';
    expect(message).toContain('The Postgres server has no pgvector extension');
    expect(message).toContain('pgvector/pgvector');
    expect(message).toContain('unset DATABASE_URL to use the embedded database, which includes pgvector');
  });
});
