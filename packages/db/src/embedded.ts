import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { closeOnce, runAll } from './close-once.ts';
import type { Database, OpenDatabaseOptions } from './database.ts';
import { errorMessage } from './errors.ts';
import { EMBEDDED_POOL_SIZE, EMBEDDED_POSTGRES_CONF } from './embedded-config.ts';
import type { EmbeddedThreadMessage, EmbeddedThreadOptions } from './embedded-thread.ts';
import { initdb, isInitialised } from './initdb.ts';
import { acquireDataDirLock } from './lock.ts';
import { migrate } from './migrate.ts';
import { createPrismaClient } from './prisma-client.ts';

/**
 * The embedded database: PGlite (with pgvector) persisted in `<dataDir>/pgdata`, served on a
 * random loopback port so that `pg`, Prisma and psql talk to it like any Postgres. The lock file
 * comes first: two processes opening one PGlite directory silently lose data.
 *
 * PGlite and its socket server live on a worker thread of their own (embedded-thread.ts): Postgres
 * is WebAssembly that runs on the thread calling it, and on the main thread every query's work
 * would wait behind HTTP parsing and flow steps, and they behind it.
 */
export async function openEmbedded(options: OpenDatabaseOptions): Promise<Database> {
  const log = options.logger ?? (() => undefined);
  const poolSize = options.poolSize ?? EMBEDDED_POOL_SIZE;
  const lock = await acquireDataDirLock(options.dataDir);
  const cleanup: (() => Promise<unknown>)[] = [() => lock.release()];
  const undo = () => runAll(cleanup.slice().reverse());
  try {
    const pgdata = join(options.dataDir, 'pgdata');
    if (!(await isInitialised(pgdata))) {
      log(`embedded database: creating ${pgdata}`);
      await initdb(pgdata);
    }
    const thread = await startThread({ pgdata, postgresqlconf: EMBEDDED_POSTGRES_CONF, maxConnections: poolSize }, log);
    cleanup.push(() => thread.close());
    const port = thread.port;
    await lock.setPort(port);
    const connectionString = `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;

    const pool = new pg.Pool({ connectionString, max: poolSize });
    pool.on('error', (error) => {
      log(`embedded database: idle connection failed: ${error.message}`);
    });
    cleanup.push(() => pool.end());
    await migrate(pool, { logger: log });

    const prisma = createPrismaClient(pool);
    cleanup.push(() => prisma.$disconnect());
    log(`embedded database: ${pgdata} served on 127.0.0.1:${port}`);
    return { kind: 'embedded', prisma, pool, connectionString, close: closeOnce(undo) };
  } catch (error) {
    await undo().catch(() => undefined);
    throw error;
  }
}

interface EmbeddedThread {
  port: number;
  close(): Promise<void>;
}

const THREAD = new URL('./embedded-thread.ts', import.meta.url);

function isThreadMessage(value: unknown): value is EmbeddedThreadMessage {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';
}

/** Starts the database thread and resolves once it listens, or rejects with why it could not. */
function startThread(options: EmbeddedThreadOptions, log: (line: string) => void): Promise<EmbeddedThread> {
  const worker = new Worker(THREAD, { workerData: options });
  return new Promise((resolve, reject) => {
    let closed: (() => void) | undefined;
    let listening = false;
    let closing = false;
    const exited = new Promise<void>((done) => worker.once('exit', () => { done(); }));
    const close = closeOnce(async () => {
      closing = true;
      const stopped = new Promise<void>((done) => { closed = done; });
      worker.postMessage('close');
      // A thread that died already, or that does not answer within the time a checkpoint takes, is ended.
      await Promise.race([stopped, exited, new Promise((done) => setTimeout(done, 30_000).unref())]);
      await worker.terminate();
    });
    worker.on('message', (message: unknown) => {
      if (!isThreadMessage(message)) return;
      switch (message.type) {
        case 'listening':
          listening = true;
          resolve({ port: message.port, close });
          return;
        case 'failed':
          void worker.terminate();
          reject(
            new Error(
              message.stage === 'open'
                ? `Could not open the embedded database in ${options.pgdata}: ${message.message}. If it was made by another ` +
                  `Switchboard version, run that version to export your data, or move the directory away to start afresh.`
                : `Could not serve the embedded database: ${message.message}`,
            ),
          );
          return;
        case 'closed':
          closed?.();
          return;
      }
    });
    worker.once('error', (error) => {
      reject(new Error(`The embedded database thread failed: ${errorMessage(error)}`, { cause: error }));
      if (listening) log(`embedded database: its thread failed: ${errorMessage(error)}`);
    });
    worker.once('exit', (code) => {
      reject(new Error(`The embedded database thread stopped (exit code ${code})`));
      // After start-up nobody awaits the thread: say so, or every query would just fail unexplained.
      // (Before it, the rejection above is the report.)
      if (listening && !closing) log(`embedded database: its thread stopped unexpectedly (exit code ${code}); restart Switchboard`);
    });
  });
}
