import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@switchboard/testing';

const root = join(import.meta.dirname, '..', '..');

export interface Started {
  origin: string;
  /** The server first, then each worker. */
  processes: { name: string; pid: number }[];
  stop(): Promise<void>;
}

/**
 * Starts the server as `npm start` does (scripts/start.ts: builds the pages when they are stale) and, in
 * queue mode, `workers` worker processes on the same database and Redis. Resolves once all take work.
 */
export async function startProcesses(options: { dataDir: string; workers: number; databaseUrl?: string; redisUrl?: string; queuePrefix?: string }): Promise<Started> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SWITCHBOARD_DATA_DIR: options.dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    // Webhook-mode channels (W3) register this address with their platform.
    SWITCHBOARD_PUBLIC_URL: `http://127.0.0.1:${String(port)}`,
  };
  if (options.databaseUrl !== undefined && options.redisUrl !== undefined) {
    Object.assign(env, { DATABASE_URL: options.databaseUrl, REDIS_URL: options.redisUrl, SWITCHBOARD_QUEUE_PREFIX: options.queuePrefix ?? 'bench', SWITCHBOARD_SECRET_KEY: randomBytes(32).toString('base64') });
  }
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map((child) => stopChild(child)));
  };
  try {
    const server = spawn(process.execPath, [join(root, 'scripts', 'start.ts')], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    children.push(server);
    const origin = `http://127.0.0.1:${String(port)}`;
    await waitForHealth(origin, server);
    const processes = [{ name: 'server', pid: server.pid ?? 0 }];
    for (let index = 0; index < options.workers; index += 1) {
      const worker = spawn(process.execPath, [join(root, 'apps', 'worker', 'src', 'main.ts')], { env: { ...env, WORKER_HEALTH_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(worker);
      await new Promise<void>((resolve, reject) => {
        worker.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('is running')) resolve();
        });
        worker.once('exit', (code) => {
          reject(new Error(`worker ${String(index)} exited with ${String(code)}`));
        });
      });
      worker.stdout.resume();
      processes.push({ name: `worker ${String(index + 1)}`, pid: worker.pid ?? 0 });
    }
    return { origin, processes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The first start builds the pages (tens of seconds here): wait up to five minutes. */
async function waitForHealth(origin: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${String(server.exitCode)} before it was healthy`);
    const healthy = await fetch(`${origin}/api/health`).then((response) => response.ok, () => false);
    if (healthy) return;
    await sleep(250);
  }
  throw new Error(`the server at ${origin} was not healthy within five minutes`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
