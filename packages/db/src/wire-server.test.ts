import { PGlite } from '@electric-sql/pglite';
import { connect } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WireServer } from './wire-server.ts';

describe('the embedded database wire server', () => {
  let db: PGlite;
  let server: WireServer;
  let url: string;
  /** Runs `use` with a pool of `max` connections, closed afterwards so the next test has all four. */
  const withPool = async (max: number, use: (pool: pg.Pool) => Promise<void>) => {
    const pool = new pg.Pool({ connectionString: url, max });
    pool.on('error', () => undefined);
    try {
      await use(pool);
    } finally {
      await pool.end();
    }
  };

  beforeAll(async () => {
    db = await PGlite.create();
    server = new WireServer(db, { maxConnections: 4 });
    url = `postgresql://postgres@127.0.0.1:${await server.listen()}/postgres?sslmode=disable`;
    await db.exec('CREATE TABLE probe (n int)');
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await db.close();
  });

  it('answers pipelined queries from several connections, each with its own rows', async () => {
    await withPool(3, async (pool) => {
      const answers = await Promise.all(Array.from({ length: 300 }, async (_, i) => (await pool.query<{ n: number }>('SELECT $1::int * 2 AS n', [i])).rows[0]?.n));
      expect(answers).toEqual(Array.from({ length: 300 }, (_, i) => i * 2));
    });
  });

  it('reports an SQL error to its connection only, which stays usable', async () => {
    await withPool(1, async (pool) => {
      await expect(pool.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
  });

  it('rolls back the transaction of a client that goes away, and frees the session for the others', async () => {
    const quitter = new pg.Client({ connectionString: url });
    quitter.on('error', () => undefined);
    await quitter.connect();
    await quitter.query('BEGIN');
    await quitter.query('INSERT INTO probe VALUES (42)');
    await withPool(1, async (pool) => {
      // Waits behind the open transaction, then sees the table without its row.
      const waiting = pool.query<{ c: string }>('SELECT count(*) AS c FROM probe WHERE n = 42');
      await new Promise((resolve) => setTimeout(resolve, 50));
      quitter.connection.stream.destroy();
      expect((await waiting).rows[0]?.c).toBe('0');
      expect(db.isInTransaction()).toBe(false);
    });
  });

  it('refuses connections beyond its limit with a Postgres error', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }));
    try {
      const extra = new pg.Client({ connectionString: url });
      extra.on('error', () => undefined);
      await expect(extra.connect()).rejects.toThrow(/too many connections \(at most 4\)/);
    } finally {
      await Promise.all(held.map((client) => client.end()));
    }
  });

  it('declines TLS with N, as a server without it does', async () => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    const request = Buffer.alloc(8);
    request.writeInt32BE(8, 0);
    request.writeInt32BE(80877103, 4);
    socket.write(request);
    const answer = await new Promise<string>((resolve) => socket.once('data', (data: Buffer) => { resolve(data.toString()); }));
    socket.destroy();
    expect(answer).toBe('N');
  });
});
