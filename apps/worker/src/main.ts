import { createServer } from 'node:http';
import type { Server } from 'node:http';
import path from 'node:path';
import { loadKeyFile } from '@switchboard/db';
import { startWorker } from '@switchboard/runtime';
import type { QueueWorker } from '@switchboard/runtime';
import { loadWorkerEnv } from './env.ts';
import type { WorkerEnv } from './env.ts';

/** GET /health: 200 when the database and Redis answer and jobs are being taken, 503 otherwise. */
function serveHealth(worker: QueueWorker, env: WorkerEnv): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url !== '/health') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found: try GET /health"}');
      return;
    }
    worker.health().then(
      (health) => {
        response.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ worker: worker.id, ...health }));
      },
      () => {
        response.writeHead(503, { 'content-type': 'application/json' }).end('{"ok":false}');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: env.WORKER_HEALTH_HOST, port: env.WORKER_HEALTH_PORT }, () => {
      resolve(server);
    });
  });
}

export async function main(): Promise<void> {
  let env: WorkerEnv;
  let worker: QueueWorker | undefined;
  let health: Server | undefined;
  try {
    env = loadWorkerEnv();
    const log = env.LOG_LEVEL === 'silent' || env.LOG_LEVEL === 'fatal' || env.LOG_LEVEL === 'error' ? () => undefined : (line: string) => { console.log(line); };
    worker = await startWorker({
      databaseUrl: env.DATABASE_URL,
      redisUrl: env.REDIS_URL,
      secretKey:
        env.SWITCHBOARD_SECRET_KEY ??
        (await loadKeyFile(
          path.join(env.SWITCHBOARD_DATA_DIR, 'secret.key'),
          "set SWITCHBOARD_SECRET_KEY to the web server's key, or SWITCHBOARD_DATA_DIR to its data directory (the worker never makes a key of its own: it could not read the credentials the web server stored)",
        )),
      concurrency: env.WORKER_CONCURRENCY,
      prefix: env.SWITCHBOARD_QUEUE_PREFIX,
      lockDurationMs: env.WORKER_LOCK_MS,
      reconcileMs: env.WORKER_RECONCILE_MS,
      logger: log,
    });
    health = await serveHealth(worker, env);
    const address = health.address();
    const port = typeof address === 'object' && address !== null ? address.port : env.WORKER_HEALTH_PORT;
    console.log(`Switchboard worker ${worker.id} is running (health: http://${env.WORKER_HEALTH_HOST}:${port}/health)`);
  } catch (error) {
    console.error(`Switchboard worker could not start: ${error instanceof Error ? error.message : String(error)}`);
    health?.close();
    await worker?.close().catch(() => undefined);
    process.exit(1);
  }
  stopOnSignals(worker, health);
}

function stopOnSignals(worker: QueueWorker, health: Server): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      if (signal === 'SIGINT') process.exit(130);
      return;
    }
    stopping = true;
    console.log('Stopping: finishing the turns in progress (Ctrl-C again to quit at once; unfinished turns then run again elsewhere)');
    health.close();
    worker.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`the worker did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.main) await main();
