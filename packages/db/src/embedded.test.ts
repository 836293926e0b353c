import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME, parseLockInfo } from './lock.ts';
import { openDatabase } from './open.ts';
import { pgliteTemplate } from './pglite-template.ts';

// Always PGlite, whatever SWITCHBOARD_TEST_DB says: this is about the embedded host itself.
describe('embedded database host', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sb-embedded-'));
    await cp(await pgliteTemplate(), join(dataDir, 'pgdata'), { recursive: true });
  }, 120_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('serves PGlite on loopback, records the port in the lock, refuses a second opener, and releases on close', async () => {
    const db = await openDatabase({ dataDir });
    try {
      expect(db.kind).toBe('embedded');
      const lock = parseLockInfo(await readFile(join(dataDir, LOCK_FILE_NAME), 'utf8'));
      expect(lock?.pid).toBe(process.pid);
      expect(db.connectionString).toBe(`postgresql://postgres@127.0.0.1:${lock?.port ?? -1}/postgres?sslmode=disable`);
      const version = await db.pool.query<{ v: string }>('SELECT version() AS v');
      expect(version.rows[0]?.v).toContain('PGlite');
      await expect(openDatabase({ dataDir })).rejects.toThrow(`The data directory is in use by pid ${process.pid}`);
    } finally {
      await db.close();
    }
    await expect(stat(join(dataDir, LOCK_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
    await db.close();
  }, 60_000);

  it('keeps data across close and open', async () => {
    const first = await openDatabase({ dataDir });
    await first.prisma.setting.create({ data: { key: 'persisted', value: { ok: true } } });
    await first.close();
    const second = await openDatabase({ dataDir });
    try {
      expect((await second.prisma.setting.findUnique({ where: { key: 'persisted' } }))?.value).toEqual({ ok: true });
    } finally {
      await second.close();
    }
  }, 60_000);
});
