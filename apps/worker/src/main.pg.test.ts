import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@switchboard/db';
import { createSwitchboard } from '@switchboard/runtime';
import type { SwitchboardService } from '@switchboard/runtime';
import { freePort, startOpenAIServer, startRedisServer } from '@switchboard/testing';
import type { OpenAIServer, RedisServer } from '@switchboard/testing';
import { countingModelFlow } from './testing/flows.ts';
import { WorkerProcess } from './testing/worker-process.ts';

// The worker's entry point as operators run it: a child process configured by its environment.


async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the raw text is compared.
  }
  return { status: response.status, body };
}

/** Polls `probe` until it returns a value `done` accepts; the last value when time runs out. */
async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}


let database: Awaited<ReturnType<typeof openTestDatabase>>;
let databaseUrl: string;
const secretKey = randomBytes(32);
let workers: WorkerProcess[] = [];
let redisServers: RedisServer[] = [];
let model: OpenAIServer | undefined;
let web: SwitchboardService | undefined;

beforeAll(async () => {
  database = await openTestDatabase();
  await database.close();
  const url = database.options.url;
  if (url === undefined) throw new Error('these tests need Postgres (SWITCHBOARD_TEST_DB=postgres)');
  databaseUrl = url;
}, 60_000);

afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
  workers = [];
  await web?.close().catch(() => undefined);
  web = undefined;
  await model?.close();
  model = undefined;
  await Promise.all(redisServers.map((server) => server.stop()));
  redisServers = [];
});

afterAll(async () => {
  await database.dispose();
});

function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const worker = new WorkerProcess({
    SWITCHBOARD_SECRET_KEY: secretKey.toString('base64'),
    SWITCHBOARD_QUEUE_PREFIX: `worker-test-${randomBytes(4).toString('hex')}`,
    WORKER_HEALTH_PORT: '0',
    WORKER_LOCK_MS: '2000',
    WORKER_RECONCILE_MS: '500',
    ...env,
  });
  workers.push(worker);
  return worker;
}

async function startRedis(): Promise<RedisServer> {
  const server = await startRedisServer();
  redisServers.push(server);
  return server;
}

describe('worker start-up', () => {
  it('exits with code 1 and one line naming DATABASE_URL when it is not set', async () => {
    const worker = startWorkerProcess({ DATABASE_URL: '', REDIS_URL: 'redis://127.0.0.1:6379' });
    const exit = await worker.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(worker.stderr).toEqual([expect.stringMatching(/^Switchboard worker could not start: DATABASE_URL is not set: expected a postgres:\/\/ or postgresql:\/\/ URL/)]);
    expect(worker.stdout).toEqual([]);
  }, 30_000);

  it('exits with code 1 within 15 s, naming Redis, when nothing listens at REDIS_URL', async () => {
    const port = await freePort();
    const started = Date.now();
    const worker = startWorkerProcess({ DATABASE_URL: databaseUrl, REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${port}` });
    const exit = await worker.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(Date.now() - started).toBeLessThan(15_000);
    // One line, no stack trace, and the password appears nowhere.
    expect(worker.stderr).toEqual([expect.stringMatching(new RegExp(`^Switchboard worker could not start: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/? after 10 s`))]);
    expect(worker.output()).not.toContain('hunter2-secret');
  }, 30_000);
});

describe('worker health endpoint', () => {
  it('answers GET /health with 200 and what it checked, and 404 for anything else', async () => {
    const redis = await startRedis();
    const worker = startWorkerProcess({ DATABASE_URL: databaseUrl, REDIS_URL: redis.url });
    const healthUrl = await worker.healthUrl();
    expect(healthUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/health$/);

    // The id it reports is the one it announced.
    const id = /^Switchboard worker (\S+) is running/.exec(worker.stdout.find((line) => line.includes('is running')) ?? '')?.[1];
    expect(id).toMatch(/:\d+:/);

    const health = await getJson(healthUrl);
    const isoTime: unknown = expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      worker: id,
      ok: true,
      database: true,
      redis: true,
      active: 0,
      turns: 0,
      startedAt: isoTime,
    });

    const other = await getJson(new URL('/other', healthUrl).toString());
    expect(other).toEqual({ status: 404, body: { error: 'not found: try GET /health' } });
  }, 60_000);

  it('answers 503 with redis: false while its Redis is down, keeps running, and recovers', async () => {
    const redis = await startRedis();
    const worker = startWorkerProcess({ DATABASE_URL: databaseUrl, REDIS_URL: redis.url });
    const healthUrl = await worker.healthUrl();
    expect((await getJson(healthUrl)).status).toBe(200);

    await redis.stop();
    const down = await waitFor(() => getJson(healthUrl), (answer) => answer.status === 503, 20_000);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ok: false, database: true, redis: false });
    expect(worker.running()).toBe(true);

    // restart() after stop() starts it again on the same port (empty).
    await redis.restart();
    const up = await waitFor(() => getJson(healthUrl), (answer) => answer.status === 200, 20_000);
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ ok: true, database: true, redis: true });
    expect(worker.running()).toBe(true);
  }, 60_000);
});

describe('worker shutdown', () => {
  it('on SIGTERM finishes the turn in progress, answers it once and exits 0', async () => {
    const redis = await startRedis();
    const prefix = `worker-test-${randomBytes(4).toString('hex')}`;
    const modelServer = await startOpenAIServer({ latencyMs: 1500 });
    model = modelServer;
    const service = await createSwitchboard({ dataDir: database.options.dataDir, databaseUrl, redisUrl: redis.url, queuePrefix: prefix, secretKey, replyTimeoutMs: 30_000, version: 'test' });
    web = service;
    const flow = await service.importFlow(countingModelFlow(modelServer.url));
    await service.publish(flow.id);

    const worker = startWorkerProcess({ DATABASE_URL: databaseUrl, REDIS_URL: redis.url, SWITCHBOARD_QUEUE_PREFIX: prefix });
    await worker.healthUrl();

    const answer = service.chat(flow.id, { conversationId: 'sigterm', text: 'hello', messageId: 'sigterm/1' });
    answer.catch(() => undefined);
    await waitFor(() => Promise.resolve(modelServer.requests.length), (count) => count > 0, 20_000);
    expect(modelServer.requests).toHaveLength(1);

    const signalled = Date.now();
    const exit = await worker.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    // It waited for the model (1.5 s) rather than dropping the turn.
    expect(Date.now() - signalled).toBeGreaterThan(500);
    expect(worker.stdout.some((line) => line.startsWith('Stopping: finishing the turns in progress'))).toBe(true);
    expect(worker.stderr).toEqual([]);

    // The turn was written by this worker, not left for another one to run again.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const inbox = await client.query<{ status: string; attempts: number }>(
        `SELECT i.status, i.attempts FROM inbox i JOIN conversations c ON c.id = i.conversation_id WHERE c.external_id = 'sigterm'`,
      );
      expect(inbox.rows).toEqual([{ status: 'done', attempts: 0 }]);
      const runs = await client.query<{ status: string }>(`SELECT r.status FROM runs r JOIN conversations c ON c.id = r.conversation_id WHERE c.external_id = 'sigterm'`);
      expect(runs.rows).toEqual([{ status: 'completed' }]);
    } finally {
      await client.end();
    }

    const result = await answer;
    expect(result).toMatchObject({ status: 'completed', duplicate: false });
    expect(result.replies.map((reply) => reply.text)).toEqual(['1 Echo: hello']);
    expect(modelServer.requests).toHaveLength(1);
  }, 60_000);
});
