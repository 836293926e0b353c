import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME, parseLockInfo } from './lock.ts';

const LOCK_MODULE = fileURLToPath(new URL('./lock.ts', import.meta.url));

/** Starts `node` on a tiny script that takes the lock and holds it until killed. */
async function holdLockInChild(dataDir: string): Promise<ChildProcess> {
  const script = `import { acquireDataDirLock } from ${JSON.stringify(LOCK_MODULE)};
    await acquireDataDirLock(${JSON.stringify(dataDir)}); console.log('locked'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`child exited with ${code ?? 'a signal'}`));
    });
  });
  return child;
}

async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('data directory lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes pid, hostname, start time and port, and removes the file on release', async () => {
    const lock = await acquireDataDirLock(dir);
    const read = async () => parseLockInfo(await readFile(join(dir, LOCK_FILE_NAME), 'utf8'));
    expect(await read()).toEqual({ pid: process.pid, hostname: hostname(), startedAt: lock.info.startedAt, port: null });
    await lock.setPort(54321);
    expect((await read())?.port).toBe(54321);
    await lock.release();
    await expect(stat(join(dir, LOCK_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
    await lock.release();
  });

  it('refuses a second opener with a message naming the holder and what to do', async () => {
    const child = await holdLockInChild(dir);
    try {
      const error: unknown = await acquireDataDirLock(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirLockedError);
      const message = error instanceof Error ? error.message : '';
      expect(message).toMatch(new RegExp(`in use by pid ${child.pid ?? -1} since \\d{4}-\\d\\d-\\d\\dT`));
      expect(message).toContain('Stop that process, or choose another SWITCHBOARD_DATA_DIR');
    } finally {
      await killed(child);
    }
  });

  it('takes over the lock of a process that died', async () => {
    const child = await holdLockInChild(dir);
    await killed(child);
    expect(parseLockInfo(await readFile(join(dir, LOCK_FILE_NAME), 'utf8'))?.pid).toBe(child.pid);
    const lock = await acquireDataDirLock(dir);
    expect(parseLockInfo(await readFile(join(dir, LOCK_FILE_NAME), 'utf8'))?.pid).toBe(process.pid);
    await lock.release();
  });

  it('counts this process as a live holder too', async () => {
    const lock = await acquireDataDirLock(dir);
    await expect(acquireDataDirLock(dir)).rejects.toThrow(`in use by pid ${process.pid}`);
    await lock.release();
  });

  it('lets exactly one of many simultaneous openers win', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => acquireDataDirLock(dir)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof DataDirLockedError)).toHaveLength(7);
  });

  it('never takes over a lock held on another host', async () => {
    const holder = { pid: 1, hostname: `not-${hostname()}`, startedAt: '2026-01-01T00:00:00.000Z', port: 5555 };
    await writeFile(join(dir, LOCK_FILE_NAME), JSON.stringify(holder));
    await expect(acquireDataDirLock(dir)).rejects.toThrow(`pid 1 on host not-${hostname()} since 2026-01-01T00:00:00.000Z (serving it on 127.0.0.1:5555)`);
  });

  it('refuses an unreadable lock file instead of guessing', async () => {
    await writeFile(join(dir, LOCK_FILE_NAME), 'garbage');
    await expect(acquireDataDirLock(dir)).rejects.toThrow(/is not readable/);
  });

  it('does not delete a lock that another process took over', async () => {
    const lock = await acquireDataDirLock(dir);
    const other = { pid: process.pid, hostname: hostname(), startedAt: 'later', port: null };
    await writeFile(join(dir, LOCK_FILE_NAME), JSON.stringify(other));
    await lock.release();
    expect(parseLockInfo(await readFile(join(dir, LOCK_FILE_NAME), 'utf8'))).toEqual(other);
  });
});
