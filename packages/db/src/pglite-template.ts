import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EMBEDDED_POSTGRES_CONF } from './embedded-config.ts';
import { initdb, isInitialised } from './initdb.ts';
import { acquireDataDirLock, DataDirLockedError } from './lock.ts';

const WAIT_FOR_OTHER_BUILDER_MS = 5 * 60_000;

/**
 * A freshly initialised PGlite data directory to copy test databases from: initdb takes seconds
 * and about 1 GB, a copy takes milliseconds. Built once per machine for each PGlite version and
 * configuration (kept in the temp dir); concurrent test processes wait for the first builder.
 */
export async function pgliteTemplate(): Promise<string> {
  const root = join(tmpdir(), 'switchboard-test', `pglite-template-${await templateKey()}`);
  const pgdata = join(root, 'pgdata');
  const deadline = Date.now() + WAIT_FOR_OTHER_BUILDER_MS;
  while (!(await isInitialised(pgdata))) {
    try {
      const lock = await acquireDataDirLock(root);
      try {
        if (!(await isInitialised(pgdata))) await initdb(pgdata);
      } finally {
        await lock.release();
      }
    } catch (error) {
      if (!(error instanceof DataDirLockedError) || Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
  return pgdata;
}

async function templateKey(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = await readFile(join(dirname(entry), '..', 'package.json'), 'utf8');
  return createHash('sha256').update(manifest).update(EMBEDDED_POSTGRES_CONF).digest('hex').slice(0, 16);
}
