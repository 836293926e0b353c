import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { errorCode } from './errors.ts';

/** What a lock file says about the process that owns a data directory. */
export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
  /** The loopback port the embedded database is served on, once known. */
  port: number | null;
}

export interface DataDirLock {
  readonly path: string;
  readonly info: LockInfo;
  /** Records the port in the lock file (for psql and for the error a second opener sees). */
  setPort(port: number): Promise<void>;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

export const LOCK_FILE_NAME = 'switchboard.lock';

export class DataDirLockedError extends Error {
  readonly lockPath: string;
  readonly holder: LockInfo;
  constructor(lockPath: string, holder: LockInfo) {
    const where = holder.hostname === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on host ${holder.hostname}`;
    const port = holder.port === null ? '' : ` (serving it on 127.0.0.1:${holder.port})`;
    super(
      `The data directory is in use by ${where} since ${holder.startedAt}${port}. ` +
        `Two processes must never open the same embedded database. Stop that process, or choose another ` +
        `SWITCHBOARD_DATA_DIR. If you are sure no such process is running, delete ${lockPath}.`,
    );
    this.name = 'DataDirLockedError';
    this.lockPath = lockPath;
    this.holder = holder;
  }
}

/**
 * Takes the lock file of a data directory, atomically: the file appears with its full content
 * (hard link of a finished temp file) or not at all. A lock whose process is dead is taken over.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE_NAME);
  const info: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), port: null };
  const content = JSON.stringify(info);
  for (let attempt = 0; attempt < 10; attempt++) {
    if (await createExclusive(path, content)) return lockHandle(path, info);
    const existing = await readIfExists(path);
    if (existing === null) continue;
    const holder = parseLockInfo(existing);
    if (holder === null) {
      throw new Error(`The lock file ${path} is not readable (${JSON.stringify(existing.slice(0, 80))}). Delete it if no Switchboard process is using this data directory.`);
    }
    if (isAlive(holder)) throw new DataDirLockedError(path, holder);
    await removeIfUnchanged(path, existing);
  }
  throw new Error(`Could not take the lock file ${path}: other processes keep taking it.`);
}

async function createExclusive(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, content, { mode: 0o644 });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

/** Deletes a stale lock, unless another process replaced it since we read it. */
async function removeIfUnchanged(path: string, staleContent: string): Promise<void> {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8');
  // We moved a fresh lock taken by someone else meanwhile: put it back (unless yet another appeared).
  if (moved !== staleContent) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

function lockHandle(path: string, initial: LockInfo): DataDirLock {
  let info = initial;
  let released = false;
  return {
    path,
    get info() {
      return info;
    },
    async setPort(port) {
      info = { ...info, port };
      const temp = `${path}.${process.pid}.port`;
      await writeFile(temp, JSON.stringify(info), { mode: 0o644 });
      await rename(temp, path);
    },
    async release() {
      if (released) return;
      released = true;
      const current = await readIfExists(path);
      const holder = current === null ? null : parseLockInfo(current);
      if (holder?.pid === info.pid && holder.startedAt === info.startedAt) await rm(path, { force: true });
    },
  };
}

export function parseLockInfo(text: string): LockInfo | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const pid: unknown = Reflect.get(value, 'pid');
  const host: unknown = Reflect.get(value, 'hostname');
  const startedAt: unknown = Reflect.get(value, 'startedAt');
  const port: unknown = Reflect.get(value, 'port');
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
  if (typeof host !== 'string' || typeof startedAt !== 'string') return null;
  if (port !== null && typeof port !== 'number') return null;
  return { pid, hostname: host, startedAt, port };
}

/** A lock from another host cannot be checked, so it counts as alive. */
function isAlive(holder: LockInfo): boolean {
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}
