// The only place this package reads the environment: the test harness's settings.
// (The app reads DATABASE_URL and SWITCHBOARD_DATA_DIR in its own env.ts and passes them in.)

export type TestBackend = 'pglite' | 'postgres';

export interface TestDatabaseEnv {
  /** SWITCHBOARD_TEST_DB, set per vitest project (vitest.config.ts); default pglite. */
  backend: TestBackend;
  /** SWITCHBOARD_TEST_POSTGRES_URL: a role that may CREATE DATABASE; default the local trust-auth server. */
  postgresAdminUrl: string;
}

export function readTestDatabaseEnv(): TestDatabaseEnv {
  const backend = process.env.SWITCHBOARD_TEST_DB ?? 'pglite';
  if (backend !== 'pglite' && backend !== 'postgres') {
    throw new Error(`SWITCHBOARD_TEST_DB must be "pglite" or "postgres", got ${JSON.stringify(backend)}.`);
  }
  const postgresAdminUrl = process.env.SWITCHBOARD_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  return { backend, postgresAdminUrl };
}
