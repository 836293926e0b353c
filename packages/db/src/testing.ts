import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database, OpenDatabaseOptions } from './database.ts';
import { readTestDatabaseEnv } from './env.ts';
import { openDatabase } from './open.ts';
import { pgliteTemplate } from './pglite-template.ts';

export interface TestDatabase extends Database {
  /** What the database was opened with: close it and open again to test a restart. */
  options: OpenDatabaseOptions;
  /** Closes the database (if still open) and deletes it. */
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file, on the backend SWITCHBOARD_TEST_DB names:
 * `pglite` copies a template data directory into a temp dir; `postgres` creates a database
 * sb_test_<random> on the local server and drops it on dispose.
 */
export async function openTestDatabase(extra: Partial<OpenDatabaseOptions> = {}): Promise<TestDatabase> {
  const env = readTestDatabaseEnv();
  const dataDir = await mkdtemp(join(tmpdir(), 'sb-test-'));
  try {
    if (env.backend === 'pglite') {
      await cp(await pgliteTemplate(), join(dataDir, 'pgdata'), { recursive: true });
      const options: OpenDatabaseOptions = { ...extra, dataDir };
      const db = await openDatabase(options);
      return withDispose(db, options, () => rm(dataDir, { recursive: true, force: true }));
    }
    const url = await createScratchDatabase(env.postgresAdminUrl);
    const options: OpenDatabaseOptions = { ...extra, url: url.database, dataDir };
    try {
      const db = await openDatabase(options);
      return withDispose(db, options, async () => {
        await url.drop();
        await rm(dataDir, { recursive: true, force: true });
      });
    } catch (error) {
      await url.drop();
      throw error;
    }
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

function withDispose(db: Database, options: OpenDatabaseOptions, remove: () => Promise<void>): TestDatabase {
  return {
    ...db,
    options,
    async dispose() {
      try {
        await db.close();
      } finally {
        await remove();
      }
    },
  };
}

/** CREATE DATABASE sb_test_<random> through the admin URL; `drop()` removes it, connections and all. */
export async function createScratchDatabase(adminUrl: string): Promise<{ database: string; drop(): Promise<void> }> {
  const name = `sb_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    database: url.toString(),
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function withAdmin(adminUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
