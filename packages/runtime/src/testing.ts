import { join } from 'node:path';
import { Redis } from 'ioredis';
import { loadOrCreateKeyFile, openTestDatabase } from '@switchboard/db';
import type { RunLimits } from '@switchboard/engine';
import { newId } from '@switchboard/flow-schema';
import { startWorker } from './queue/worker.ts';
import type { QueueWorker } from './queue/worker.ts';
import type { SwitchboardService } from './service.ts';
import { createSwitchboard } from './switchboard.ts';

export interface TestSwitchboard {
  service: SwitchboardService;
  /** Closes the service and opens a new one on the same database, as a server restart does. */
  restart(): Promise<SwitchboardService>;
  dispose(): Promise<void>;
}

/** A Switchboard on a fresh database of the backend SWITCHBOARD_TEST_DB names (pglite or postgres). */
export async function startTestSwitchboard(options: { limits?: Partial<RunLimits>; channelOutbox?: { intervalMs?: number; retryMs?: number }; publicUrl?: string } = {}): Promise<TestSwitchboard> {
  const database = await openTestDatabase();
  await database.close();
  const open = (): Promise<SwitchboardService> =>
    createSwitchboard({
      dataDir: database.options.dataDir,
      version: 'test',
      ...(database.options.url === undefined ? {} : { databaseUrl: database.options.url }),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.channelOutbox ? { channelOutbox: options.channelOutbox } : {}),
      ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    });
  const handle: TestSwitchboard = {
    service: await open(),
    async restart() {
      await handle.service.close();
      handle.service = await open();
      return handle.service;
    },
    async dispose() {
      await handle.service.close();
      await database.dispose();
    },
  };
  return handle;
}

/** The Redis every development machine and CI run has (see ENVIRONMENT.md). */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

export interface QueueTestSwitchboard extends TestSwitchboard {
  worker: QueueWorker;
  prefix: string;
  databaseUrl: string;
  /** Starts one more worker on the same database and queues (closed by dispose). */
  addWorker(): Promise<QueueWorker>;
}

/**
 * Queue mode on a fresh Postgres database and the local Redis, under a key prefix of its own: a web
 * service that only records and enqueues, and one in-process worker that runs the turns. Workers
 * presume each other dead after 2 s instead of 30, so that crash tests finish quickly.
 */
export async function startQueueTestSwitchboard(
  options: { limits?: Partial<RunLimits>; concurrency?: number; turnsPerJob?: number; reconcileMs?: number; replyTimeoutMs?: number } = {},
): Promise<QueueTestSwitchboard> {
  const database = await openTestDatabase();
  await database.close();
  const databaseUrl = database.options.url;
  if (databaseUrl === undefined) throw new Error('queue mode needs Postgres: run this test with SWITCHBOARD_TEST_DB=postgres');
  const prefix = `sbtest-${newId().slice(-12)}`;
  const secretKey = await loadOrCreateKeyFile(join(database.options.dataDir, 'secret.key'));
  const openService = (): Promise<SwitchboardService> =>
    createSwitchboard({ dataDir: database.options.dataDir, databaseUrl, redisUrl: TEST_REDIS_URL, queuePrefix: prefix, secretKey, replyTimeoutMs: options.replyTimeoutMs ?? 20_000, version: 'test' });
  const openWorker = (): Promise<QueueWorker> =>
    startWorker({
      databaseUrl,
      redisUrl: TEST_REDIS_URL,
      secretKey,
      prefix,
      lockDurationMs: 2000,
      reconcileMs: options.reconcileMs ?? 500,
      concurrency: options.concurrency ?? 8,
      ...(options.turnsPerJob === undefined ? {} : { turnsPerJob: options.turnsPerJob }),
      ...(options.limits ? { limits: options.limits } : {}),
    });
  const extra: QueueWorker[] = [];
  const handle: QueueTestSwitchboard = {
    service: await openService(),
    worker: await openWorker(),
    prefix,
    databaseUrl,
    async addWorker() {
      const worker = await openWorker();
      extra.push(worker);
      return worker;
    },
    async restart() {
      await Promise.all([handle.service.close(), handle.worker.close()]);
      handle.service = await openService();
      handle.worker = await openWorker();
      return handle.service;
    },
    async dispose() {
      await Promise.all([handle.service.close(), handle.worker.close(), ...extra.map((worker) => worker.close())]);
      await deleteKeys(prefix);
      await database.dispose();
    },
  };
  return handle;
}

/** Removes everything a test left in Redis under its prefix. */
export async function deleteKeys(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
