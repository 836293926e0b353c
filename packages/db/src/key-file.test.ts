import { mkdtemp, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile } from './key-file.ts';

describe('key file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sb-key-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates 32 random bytes with mode 0600, then keeps returning them', async () => {
    const path = join(dir, 'nested', 'secret.key');
    const key = await loadOrCreateKeyFile(path);
    expect(key.length).toBe(32);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateKeyFile(path)).equals(key)).toBe(true);
    expect((await readFile(path)).equals(key)).toBe(true);
  });

  it('gives simultaneous callers the same key', async () => {
    const path = join(dir, 'secret.key');
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKeyFile(path)));
    for (const key of keys) expect(key.equals(keys[0] ?? Buffer.alloc(0))).toBe(true);
  });

  it('refuses a key file of the wrong length', async () => {
    const path = join(dir, 'secret.key');
    await writeFile(path, 'too short');
    await expect(loadOrCreateKeyFile(path)).rejects.toThrow(`holds 9 bytes, not 32`);
  });
});
