import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { errorMessage } from './errors.ts';
import { checksumMatches, loadMigrations, type Migration } from './migrations.ts';

/** The key `prisma migrate deploy` locks too, so our runner and Prisma's exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

// Prisma's own definition of its history table (schema engine, Postgres flavour).
const CREATE_HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateOptions {
  /** Defaults to the files in prisma/migrations. */
  migrations?: Migration[];
  logger?: (line: string) => void;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
}

/**
 * Applies pending migrations in order, each in its own transaction, recorded in Prisma's
 * `_prisma_migrations`, under Prisma's advisory lock. Refuses a database that has a migration
 * this code does not know, a changed migration, or a failed one left by `prisma migrate deploy`.
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = options.migrations ?? (await loadMigrations());
  const log = options.logger ?? (() => undefined);
  const client = await pool.connect();
  try {
    await lock(client, log);
    try {
      await client.query(CREATE_HISTORY_TABLE);
      const history = await client.query<HistoryRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at, started_at FROM "_prisma_migrations" ORDER BY started_at',
      );
      const applied = checkHistory(migrations, history.rows);
      const pending = migrations.filter((migration) => !applied.has(migration.name));
      for (const migration of pending) await applyOne(client, migration, log);
      return { applied: pending.map((m) => m.name), alreadyApplied: [...applied] };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

async function lock(client: pg.PoolClient, log: (line: string) => void): Promise<void> {
  const tried = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]);
  if (tried.rows[0]?.locked === true) return;
  log('migrations: another process is migrating this database; waiting for it to finish');
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
}

/** Returns the names of the migrations already applied, or throws if the history is not ours. */
function checkHistory(migrations: Migration[], rows: HistoryRow[]): Set<string> {
  const known = new Map(migrations.map((migration) => [migration.name, migration]));
  const applied = new Set<string>();
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;
    if (row.finished_at === null) {
      throw new MigrationError(
        `Migration ${row.migration_name} was started at ${row.started_at.toISOString()} and never finished ` +
          `(a failed \`prisma migrate deploy\`?). Repair the database by hand, then mark it with ` +
          `\`prisma migrate resolve --rolled-back ${row.migration_name}\` or \`--applied\`.`,
      );
    }
    const migration = known.get(row.migration_name);
    if (migration === undefined) {
      throw new MigrationError(
        `The database has migration ${row.migration_name}, which this version of Switchboard does not know. ` +
          `It was probably migrated by a newer version: run that version, or restore a backup taken before it.`,
      );
    }
    if (!checksumMatches(migration, row.checksum)) {
      throw new MigrationError(
        `Migration ${row.migration_name} was changed after it was applied to this database ` +
          `(checksum ${row.checksum.slice(0, 12)}… recorded, ${migration.checksum.slice(0, 12)}… on disk). ` +
          `Applied migrations must never be edited: restore prisma/migrations/${row.migration_name}/migration.sql ` +
          `and put the change in a new migration.`,
      );
    }
    applied.add(row.migration_name);
  }
  return applied;
}

async function applyOne(client: pg.PoolClient, migration: Migration, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  await client.query('BEGIN');
  try {
    const id = randomUUID();
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query('UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1', [id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${errorMessage(error)}`, { cause: error });
  }
  log(`migrations: applied ${migration.name} in ${Math.round(performance.now() - started)} ms`);
}
