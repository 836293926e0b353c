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

/** Frontend messages, built by hand to control exactly what reaches the server in each write. */
function message(type: string, ...parts: (string | Buffer)[]): Buffer {
  const body = Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(`${part}\0`) : part)));
  const header = Buffer.alloc(5);
  header.write(type, 0);
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}
const NO_FORMATS = Buffer.alloc(2);
/** ReadyForQuery, idle: the server is done with what was sent. */
const READY = 'Z\0\0\0\x05I';
const parse = (sql: string) => message('P', '', sql, NO_FORMATS);
const bindExecuteSync = Buffer.concat([message('B', '', '', Buffer.alloc(6)), message('E', '', Buffer.alloc(4)), message('S')]);

/** A raw protocol connection that collects what the server sends. */
async function rawConnection(port: number): Promise<{ send(data: Buffer): void; until(text: string): Promise<string>; close(): void }> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  const waiters: (() => void)[] = [];
  socket.on('data', (data: Buffer) => {
    received += data.toString('latin1');
    for (const wake of waiters.splice(0)) wake();
  });
  const until = async (text: string) => {
    while (!received.includes(text)) await new Promise<void>((resolve) => waiters.push(resolve));
    const seen = received;
    received = '';
    return seen;
  };
  const startup = Buffer.concat([Buffer.alloc(8), Buffer.from('user\0postgres\0database\0postgres\0\0')]);
  startup.writeInt32BE(startup.length, 0);
  startup.writeInt32BE(196608, 4);
  socket.write(startup);
  await until(READY);
  return { send: (data) => socket.write(data), until, close: () => socket.destroy() };
}

describe('an extended query sent in pieces', () => {
  it('keeps the session until its Sync, so another connection cannot replace its unnamed statement', async () => {
    const db = await PGlite.create();
    const server = new WireServer(db, { maxConnections: 4 });
    const port = await server.listen();
    try {
      const first = await rawConnection(port);
      const second = await rawConnection(port);
      first.send(parse("SELECT 'from-first' AS who"));
      await new Promise((resolve) => setTimeout(resolve, 50));
      // A whole query from the other connection: it must wait, not run between the Parse and the Bind.
      second.send(Buffer.concat([parse("SELECT 'from-second' AS who"), bindExecuteSync]));
      await new Promise((resolve) => setTimeout(resolve, 50));
      first.send(bindExecuteSync);
      expect(await first.until(READY)).toContain('from-first');
      expect(await second.until(READY)).toContain('from-second');
      first.close();
      second.close();
    } finally {
      await server.close();
      await db.close();
    }
  });
});
