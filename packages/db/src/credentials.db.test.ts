import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialsRepository, type CredentialsRepository } from './credentials.ts';
import { newId } from '@switchboard/flow-schema';
import { createSecretBox, SecretOpenError } from './secrets.ts';
import { openTestDatabase, type TestDatabase } from './testing.ts';

describe('credentials repository', () => {
  let db: TestDatabase;
  let credentials: CredentialsRepository;
  beforeAll(async () => {
    db = await openTestDatabase();
    credentials = createCredentialsRepository(db.prisma, createSecretBox(randomBytes(32)));
  }, 120_000);
  afterAll(() => db.dispose());

  const secret = JSON.stringify({ botToken: '123456:ABC-DEF_ghi', note: 'ключ ✓' });

  it('stores the secret sealed and gives it back decrypted by id', async () => {
    const created = await credentials.create({ name: 'Telegram bot', type: 'telegram', secret });
    expect(created).toMatchObject({ name: 'Telegram bot', type: 'telegram' });
    expect(Object.keys(created).sort()).toEqual(['createdAt', 'id', 'name', 'type', 'updatedAt']);
    const row = await db.pool.query<{ secret: Buffer }>('SELECT secret FROM credentials WHERE id = $1', [created.id]);
    const stored = row.rows[0]?.secret ?? Buffer.alloc(0);
    expect(stored[0]).toBe(1);
    expect(stored.includes(Buffer.from('ABC-DEF'))).toBe(false);
    expect(await credentials.get(created.id)).toEqual({ ...created, secret });
  });

  it('lists without secrets', async () => {
    const list = await credentials.list();
    expect(list.length).toBeGreaterThan(0);
    for (const item of list) expect(Object.keys(item).sort()).toEqual(['createdAt', 'id', 'name', 'type', 'updatedAt']);
  });

  it('deletes, and answers null/false for unknown or malformed ids', async () => {
    const created = await credentials.create({ name: 'x', type: 'slack', secret: 's' });
    expect(await credentials.delete(created.id)).toBe(true);
    expect(await credentials.delete(created.id)).toBe(false);
    expect(await credentials.get(created.id)).toBeNull();
    expect(await credentials.get(newId())).toBeNull();
    expect(await credentials.get('not-a-uuid')).toBeNull();
    expect(await credentials.delete('not-a-uuid')).toBe(false);
  });

  it('refuses a secret copied from another credential', async () => {
    const a = await credentials.create({ name: 'a', type: 't', secret: 'secret-a' });
    const b = await credentials.create({ name: 'b', type: 't', secret: 'secret-b' });
    await db.pool.query('UPDATE credentials SET secret = (SELECT secret FROM credentials WHERE id = $1) WHERE id = $2', [a.id, b.id]);
    await expect(credentials.get(b.id)).rejects.toBeInstanceOf(SecretOpenError);
  });

  it('refuses to open with another key', async () => {
    const created = await credentials.create({ name: 'k', type: 't', secret: 'x' });
    const other = createCredentialsRepository(db.prisma, createSecretBox(randomBytes(32)));
    await expect(other.get(created.id)).rejects.toThrow(/different key/);
  });
});
