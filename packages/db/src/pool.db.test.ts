import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from './testing.ts';

// The embedded database (wire-server.ts) multiplexes every connection onto one backend session; these guard the two
// properties the rest of the code relies on, on both backends.
describe('the connection pool', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  }, 120_000);
  afterAll(() => db.dispose());

  it('gives every concurrent parameterised query its own answer', async () => {
    const answers = await Promise.all(
      Array.from({ length: 400 }, async (_, i) => (await db.pool.query<{ n: number; s: string }>('SELECT $1::int AS n, $2::text AS s', [i, `s${i}`])).rows[0]),
    );
    expect(answers).toEqual(Array.from({ length: 400 }, (_, i) => ({ n: i, s: `s${i}` })));
  });

  it('keeps an open transaction private to its connection', async () => {
    await db.pool.query('CREATE TABLE IF NOT EXISTS pool_probe (n int)');
    const tx = await db.pool.connect();
    try {
      await tx.query('BEGIN');
      await tx.query('INSERT INTO pool_probe VALUES (1)');
      const outside = db.pool.query<{ c: string }>('SELECT count(*) AS c FROM pool_probe');
      await tx.query('ROLLBACK');
      expect((await outside).rows[0]?.c).toBe('0');
    } finally {
      tx.release();
    }
  });

  // Never use db.pool (or db.prisma outside `tx`) inside a transaction: with every connection held
  // by a transaction waiting for a free one, the pool deadlocks (on PGlite even with one).
  it('runs concurrent Prisma transactions beside raw SQL', async () => {
    const transactions = Array.from({ length: 20 }, (_, i) =>
      db.prisma.$transaction(async (tx) => {
        await tx.setting.create({ data: { key: `tx-${i}`, value: i } });
        return (await tx.setting.findUnique({ where: { key: `tx-${i}` } }))?.value;
      }),
    );
    const raw = Array.from({ length: 20 }, (_, i) => db.pool.query<{ n: number }>('SELECT $1::int AS n', [i]));
    expect(await Promise.all(transactions)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect((await Promise.all(raw)).map((r) => r.rows[0]?.n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await db.prisma.setting.count({ where: { key: { startsWith: 'tx-' } } })).toBe(20);
  });
});
