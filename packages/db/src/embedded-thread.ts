// The embedded database's own thread (see embedded.ts): opens PGlite, serves it on a loopback port
// (wire-server.ts), and closes both when told to. Postgres runs as WebAssembly on whatever thread
// calls it; here that is not the thread that runs the HTTP server and the flows, so the two use two
// cores instead of taking turns on one.
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from './errors.ts';
import { WireServer } from './wire-server.ts';

export interface EmbeddedThreadOptions {
  pgdata: string;
  postgresqlconf: string;
  maxConnections: number;
}

/** What the thread tells its owner. */
export type EmbeddedThreadMessage =
  | { type: 'listening'; port: number }
  | { type: 'failed'; stage: 'open' | 'serve'; message: string }
  | { type: 'closed' };

function isOptions(value: unknown): value is EmbeddedThreadOptions {
  return (
    typeof value === 'object' &&
    value !== null &&
    'pgdata' in value &&
    typeof value.pgdata === 'string' &&
    'postgresqlconf' in value &&
    typeof value.postgresqlconf === 'string' &&
    'maxConnections' in value &&
    typeof value.maxConnections === 'number'
  );
}

async function serve(port: NonNullable<typeof parentPort>, options: EmbeddedThreadOptions): Promise<void> {
  const post = (message: EmbeddedThreadMessage) => { port.postMessage(message); };
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ dataDir: options.pgdata, extensions: { vector }, postgresqlconf: options.postgresqlconf });
  } catch (error) {
    post({ type: 'failed', stage: 'open', message: errorMessage(error) });
    return;
  }
  const server = new WireServer(pglite, { maxConnections: options.maxConnections });
  let listeningOn: number;
  try {
    await pglite.exec('CREATE EXTENSION IF NOT EXISTS vector');
    listeningOn = await server.listen();
  } catch (error) {
    await server.close().catch(() => undefined);
    await pglite.close().catch(() => undefined);
    post({ type: 'failed', stage: 'serve', message: errorMessage(error) });
    return;
  }
  port.on('message', (message: unknown) => {
    if (message !== 'close') return;
    // Closing PGlite checkpoints and releases the directory: it must finish before the owner unlocks.
    void server
      .close()
      .catch(() => undefined)
      .then(() => pglite.close())
      .catch(() => undefined)
      .then(() => {
        post({ type: 'closed' });
        port.close();
      });
  });
  post({ type: 'listening', port: listeningOn });
}

if (parentPort !== null) {
  if (!isOptions(workerData)) throw new Error('embedded-thread.ts runs as a worker thread started by openEmbedded');
  await serve(parentPort, workerData);
}
