import type { PGlite } from '@electric-sql/pglite';
import { createServer, type Server, type Socket } from 'node:net';

/** Requests a client sends before its startup message (8 bytes: length, code). */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** The frontend message that ends a session. */
const TERMINATE = 0x58; // 'X'

/** Messages of one connection passed to PGlite together. */
interface Batch {
  messages: Buffer;
  /**
   * Whether the batch ends a unit of work (Sync, a simple Query, the startup message). Until it does,
   * the connection keeps the session: the extended protocol's unnamed statement and portal live in the
   * session, and another connection's Parse between this one's Parse and Bind would replace them.
   */
  complete: boolean;
}

/** Frontend messages after which the session may serve another connection (outside a transaction). */
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

interface Connection {
  readonly socket: Socket;
  /** Bytes received and not yet framed into whole messages. */
  pending: Buffer;
  started: boolean;
  /** Whole messages waiting for their turn at the database, in arrival order. */
  readonly waiting: Batch[];
  closed: boolean;
}

/**
 * Serves one PGlite to ordinary Postgres clients (`pg`, Prisma, psql) over TCP. PGlite is a single
 * backend session, so all connections share it and take turns; a connection that opens a
 * transaction keeps the session until it ends the transaction (or disconnects, which rolls it back).
 *
 * Unlike `@electric-sql/pglite-socket`, which hands PGlite one protocol message at a time and writes
 * every reply chunk to the socket as it comes, this passes all the whole messages a connection has
 * sent (a pipelined Parse/Bind/Describe/Execute/Sync arrives together) to PGlite in one call and
 * answers with one write: per query that is one trip into the WebAssembly and one syscall, not six.
 */
export class WireServer {
  private readonly db: PGlite;
  private readonly maxConnections: number;
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  /** Connections with messages waiting, served in turn. */
  private readonly ready: Connection[] = [];
  /** The connection whose open transaction holds the session, if any. */
  private owner: Connection | undefined;
  private running = false;

  constructor(db: PGlite, options: { maxConnections: number }) {
    this.db = db;
    this.maxConnections = options.maxConnections;
    this.server = createServer((socket) => { this.accept(socket); });
  }

  /** Listens on a free loopback port and returns it. */
  listen(host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port: 0 }, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        if (address === null || typeof address === 'string') reject(new Error('the database server has no TCP address'));
        else resolve(address.port);
      });
    });
  }

  /** Stops accepting, drops every connection and waits for the statement in progress. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
    for (const connection of this.connections) connection.socket.destroy();
    await closed;
    // A statement already inside PGlite finishes before the caller closes the database.
    await this.db.runExclusive(() => Promise.resolve());
  }

  private accept(socket: Socket): void {
    if (this.connections.size >= this.maxConnections) {
      // What Postgres says when max_connections is reached, in its wire format (an ErrorResponse).
      socket.write(errorResponse('53300', `too many connections (at most ${this.maxConnections})`));
      // Not end(): a refused client need not close its side, and must not hold up close().
      socket.destroySoon();
      return;
    }
    socket.setNoDelay(true);
    const connection: Connection = { socket, pending: Buffer.alloc(0), started: false, waiting: [], closed: false };
    this.connections.add(connection);
    socket.on('data', (data: Buffer) => { this.receive(connection, data); });
    socket.on('error', () => undefined);
    socket.on('close', () => { this.drop(connection); });
  }

  private receive(connection: Connection, data: Buffer): void {
    connection.pending = connection.pending.length === 0 ? data : Buffer.concat([connection.pending, data]);
    let buffer = connection.pending;
    let whole = 0;
    while (!connection.started && buffer.length - whole >= 8) {
      // Before startup a message is length + payload, without a type byte.
      const length = buffer.readInt32BE(whole);
      if (buffer.length - whole < length) break;
      const code = buffer.readInt32BE(whole + 4);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        connection.socket.write('N'); // no encryption on loopback: the client goes on in plain text
      } else if (code === CANCEL_REQUEST) {
        connection.socket.destroySoon(); // PGlite cannot cancel a running statement
        return;
      } else {
        connection.started = true;
        this.enqueue(connection, { messages: buffer.subarray(whole, whole + length), complete: true });
      }
      whole += length;
    }
    if (!connection.started) {
      connection.pending = buffer.subarray(whole);
      return;
    }
    buffer = buffer.subarray(whole);
    let end = 0;
    let last = 0;
    let terminate = false;
    while (buffer.length - end >= 5) {
      const length = 1 + buffer.readInt32BE(end + 1);
      if (buffer.length - end < length) break;
      if (buffer[end] === TERMINATE) {
        terminate = true;
        break;
      }
      last = buffer[end] ?? 0;
      end += length;
    }
    if (end > 0) this.enqueue(connection, { messages: buffer.subarray(0, end), complete: last === SYNC || last === QUERY });
    connection.pending = terminate ? Buffer.alloc(0) : buffer.subarray(end);
    if (terminate) connection.socket.destroySoon();
  }

  private enqueue(connection: Connection, batch: Batch): void {
    connection.waiting.push(batch);
    if (connection.waiting.length === 1) this.ready.push(connection);
    if (!this.running) void this.run();
  }

  /** Serves waiting connections one batch at a time, keeping the session with its owner (see Batch). */
  private async run(): Promise<void> {
    this.running = true;
    try {
      for (;;) {
        const next = this.next();
        if (next === undefined) return;
        const batch = next.waiting.shift();
        if (next.waiting.length > 0) this.ready.push(next);
        if (batch === undefined || next.closed) continue;
        const replies: Uint8Array[] = [];
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(batch.messages, { onRawData: (chunk) => { replies.push(chunk.slice()); } }));
        } catch (error) {
          // Not an SQL error (those are replies) but PGlite itself failing: the session's state is
          // unknown, so this connection ends and the client's pool opens a fresh one.
          next.socket.destroy(error instanceof Error ? error : new Error(String(error)));
          this.drop(next);
          continue;
        }
        this.owner = this.db.isInTransaction() || !batch.complete ? next : undefined;
        const [first] = replies;
        if (next.socket.writable && first !== undefined) next.socket.write(replies.length === 1 ? first : Buffer.concat(replies));
      }
    } finally {
      this.running = false;
    }
  }

  /** The next connection to serve: its owner while the session has one, else the first in line. */
  private next(): Connection | undefined {
    if (this.owner === undefined) return this.ready.shift();
    const index = this.ready.indexOf(this.owner);
    return index === -1 ? undefined : this.ready.splice(index, 1)[0];
  }

  private drop(connection: Connection): void {
    if (connection.closed) return;
    connection.closed = true;
    this.connections.delete(connection);
    connection.waiting.length = 0;
    const index = this.ready.indexOf(connection);
    if (index !== -1) this.ready.splice(index, 1);
    if (this.owner === connection) {
      // Its transaction, or its half-sent extended query, must not hold the session for everyone else:
      // end the unit (a Sync also ends the skipping that follows an error), roll back, serve the rest.
      this.owner = undefined;
      void this.db
        .runExclusive(() => this.db.execProtocolRawStream(SYNC_MESSAGE, { onRawData: () => undefined }))
        // (exec takes PGlite's lock itself: inside runExclusive it would wait for itself.)
        .then(() => this.db.exec('ROLLBACK'))
        .catch(() => undefined)
        .then(() => {
          if (!this.running && this.ready.length > 0) void this.run();
        });
    }
  }
}

/** A backend ErrorResponse message (severity FATAL/ERROR, SQLSTATE, text). */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header[0] = 0x45; // 'E'
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}
