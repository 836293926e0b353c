import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorCode } from './errors.ts';
import { KEY_BYTES } from './secrets.ts';

/**
 * Reads the secret key file (embedded mode), creating it with 32 random bytes and mode 0600 if it
 * does not exist. Creation is atomic (hard link of a finished temp file), so two processes
 * starting together end up with the same key.
 */
export async function loadOrCreateKeyFile(path: string): Promise<Buffer> {
  const existing = await readKey(path);
  if (existing !== null) return existing;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, path);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  } finally {
    await rm(temp, { force: true });
  }
  const key = await readKey(path);
  if (key === null) throw new Error(`The secret key file ${path} vanished while it was being created.`);
  return key;
}

/**
 * Reads an existing key file; for processes that must use the key another process made (a queue
 * worker), where a fresh random key would silently fail to decrypt every stored credential.
 */
export async function loadKeyFile(path: string, hint: string): Promise<Buffer> {
  const key = await readKey(path);
  if (key === null) throw new Error(`there is no secret key file at ${path}: ${hint}`);
  return key;
}

async function readKey(path: string): Promise<Buffer | null> {
  let key: Buffer;
  try {
    key = await readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `The secret key file ${path} holds ${key.length} bytes, not ${KEY_BYTES}. It is not a Switchboard key: ` +
        `restore the original file (credentials sealed with it cannot be opened otherwise), or move it away to start over.`,
    );
  }
  return key;
}
