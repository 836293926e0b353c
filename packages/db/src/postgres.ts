import pg from 'pg';
import { closeOnce, runAll } from './close-once.ts';
import type { Database, OpenDatabaseOptions } from './database.ts';
import { errorMessage } from './errors.ts';
import { migrate } from './migrate.ts';
import { createPrismaClient } from './prisma-client.ts';

export const MIN_SERVER_VERSION_NUM = 150000;
const DEFAULT_POOL_SIZE = 10;

/** An external Postgres (DATABASE_URL): version check, pool, migrations, Prisma. */
export async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const log = options.logger ?? (() => undefined);
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? DEFAULT_POOL_SIZE });
  pool.on('error', (error) => {
    log(`database: idle connection failed: ${error.message}`);
  });
  try {
    await checkServerVersion(pool, url);
    await migrate(pool, { logger: log });
    const prisma = createPrismaClient(pool);
    const close = () => runAll([() => prisma.$disconnect(), () => pool.end()]);
    log(`database: connected to ${redactUrl(url)}`);
    return { kind: 'postgres', prisma, pool, connectionString: url, close: closeOnce(close) };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

async function checkServerVersion(pool: pg.Pool, url: string): Promise<void> {
  let result: pg.QueryResult<{ server_version_num: string; server_version: string }>;
  try {
    result = await pool.query("SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version");
  } catch (error) {
    throw new Error(`Could not connect to the database at ${redactUrl(url)} (DATABASE_URL): ${errorMessage(error)}`, { cause: error });
  }
  const row = result.rows[0];
  const versionNum = Number(row?.server_version_num);
  if (!(versionNum >= MIN_SERVER_VERSION_NUM)) {
    throw new Error(
      `The database at ${redactUrl(url)} runs PostgreSQL ${row?.server_version ?? 'of an unknown version'}; ` +
        `Switchboard needs PostgreSQL 15 or newer (with pgvector for knowledge bases). Upgrade the server, ` +
        `or unset DATABASE_URL to use the embedded database.`,
    );
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}
