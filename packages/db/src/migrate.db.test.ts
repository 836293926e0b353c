import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './open.ts';
import { migrate, MigrationError } from './migrate.ts';
import { loadMigrations, sha256, type Migration } from './migrations.ts';
import { readTestDatabaseEnv } from './env.ts';
import { createScratchDatabase, openTestDatabase, type TestDatabase } from './testing.ts';

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
}

describe('migration runner', () => {
  let db: TestDatabase;
  let migrations: Migration[];
  beforeAll(async () => {
    db = await openTestDatabase();
    migrations = await loadMigrations();
  }, 120_000);
  afterAll(() => db.dispose());

  const history = async () =>
    (await db.pool.query<HistoryRow>('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name')).rows;

  it('applies every migration to a fresh database, recorded as Prisma records them', async () => {
    const rows = await history();
    expect(rows.map((row) => row.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [index, row] of rows.entries()) {
      expect(row.checksum).toBe(migrations[index]?.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
    const tables = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'flows'");
    expect(tables.rows[0]?.n).toBe('1');
  });

  it('checksums are sha256 of the migration file', () => {
    for (const migration of migrations) expect(migration.checksum).toBe(sha256(Buffer.from(migration.sql, 'utf8')));
  });

  it('does nothing when run again', async () => {
    const result = await migrate(db.pool, { migrations });
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toEqual(migrations.map((m) => m.name));
  });

  it('accepts a checkout that only changed line endings', async () => {
    const crlf = migrations.map((m) => ({ ...m, sql: m.sql.replaceAll('\n', '\r\n'), checksum: sha256(m.sql.replaceAll('\n', '\r\n')) }));
    await expect(migrate(db.pool, { migrations: crlf })).resolves.toMatchObject({ applied: [] });
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const [first, ...rest] = migrations;
    if (first === undefined) throw new Error('no migrations');
    const sql = `${first.sql}\n-- edited\n`;
    const tampered = [{ ...first, sql, checksum: sha256(sql) }, ...rest];
    const error: unknown = await migrate(db.pool, { migrations: tampered }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(String(error)).toContain(`Migration ${first.name} was changed after it was applied`);
  });

  it('refuses a database with a migration it does not know', async () => {
    const known = migrations.slice(0, -1);
    const last = migrations.at(-1);
    if (last === undefined) throw new Error('no migrations');
    await expect(migrate(db.pool, { migrations: known })).rejects.toThrow(`The database has migration ${last.name}, which this version of Switchboard does not know`);
  });

  it('rolls back a failing migration completely and records nothing', async () => {
    const broken: Migration = { name: '29991231000000_broken', sql: 'CREATE TABLE "half_done" (id int);\nSELECT no_such_function();', checksum: sha256('x') };
    await expect(migrate(db.pool, { migrations: [...migrations, broken] })).rejects.toThrow(/Migration 29991231000000_broken failed and was rolled back: .*no_such_function/);
    const table = await db.pool.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    expect(table.rowCount).toBe(0);
    expect((await history()).map((row) => row.migration_name)).not.toContain(broken.name);
  });

  it('applies a new migration once, after the known ones', async () => {
    const extra: Migration = { name: '29991231000001_extra', sql: 'CREATE TABLE "extra_table" (id int);', checksum: sha256('CREATE TABLE "extra_table" (id int);') };
    const result = await migrate(db.pool, { migrations: [...migrations, extra] });
    expect(result.applied).toEqual([extra.name]);
    expect((await migrate(db.pool, { migrations: [...migrations, extra] })).applied).toEqual([]);
    await db.pool.query('DROP TABLE "extra_table"');
    await db.pool.query('DELETE FROM "_prisma_migrations" WHERE migration_name = $1', [extra.name]);
  });

  it('refuses a migration that `prisma migrate deploy` left failed', async () => {
    await db.pool.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs) VALUES ('00000000-0000-0000-0000-000000000001', $1, '29991231000002_failed', 'boom')`,
      ['0'.repeat(64)],
    );
    try {
      await expect(migrate(db.pool, { migrations })).rejects.toThrow(/29991231000002_failed was started at .* and never finished/);
    } finally {
      await db.pool.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = '29991231000002_failed'`);
    }
  });

  it('ignores migrations marked rolled back', async () => {
    await db.pool.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, rolled_back_at) VALUES ('00000000-0000-0000-0000-000000000002', $1, '29991231000003_gone', now())`,
      ['0'.repeat(64)],
    );
    await expect(migrate(db.pool, { migrations })).resolves.toMatchObject({ applied: [] });
    await db.pool.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = '29991231000003_gone'`);
  });
});

describe('migrations across restarts and processes', () => {
  it('does nothing when the database is opened again', async () => {
    const db = await openTestDatabase();
    try {
      await db.close();
      const lines: string[] = [];
      const again = await openDatabase({ ...db.options, logger: (line) => lines.push(line) });
      try {
        expect(lines.filter((line) => line.startsWith('migrations:'))).toEqual([]);
        const rows = await again.pool.query('SELECT 1 FROM "_prisma_migrations"');
        expect(rows.rowCount).toBe((await loadMigrations()).length);
      } finally {
        await again.close();
      }
    } finally {
      await db.dispose();
    }
  }, 120_000);

  it.runIf(readTestDatabaseEnv().backend === 'postgres')('migrates once when two processes start together', async () => {
    const scratch = await createScratchDatabase(readTestDatabaseEnv().postgresAdminUrl);
    try {
      const logs: string[][] = [[], []];
      const [a, b] = await Promise.all(logs.map((lines) => openDatabase({ url: scratch.database, dataDir: '/nonexistent', logger: (line) => lines.push(line) })));
      await Promise.all([a?.close(), b?.close()]);
      const applied = logs.flat().filter((line) => line.startsWith('migrations: applied'));
      expect(applied.length).toBe((await loadMigrations()).length);
    } finally {
      await scratch.drop();
    }
  }, 60_000);
});
