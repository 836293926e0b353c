import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase } from '@switchboard/db';
import { createSwitchboard } from '@switchboard/runtime';
import type { ChatResult, SwitchboardService } from '@switchboard/runtime';
import { startOpenAIServer, startRedisServer } from '@switchboard/testing';
import type { OpenAIServer, RedisServer } from '@switchboard/testing';
import { countingModelFlow } from './testing/flows.ts';
import { WorkerProcess } from './testing/worker-process.ts';

// Issue 3's acceptance: two worker processes, 1,000 messages over 100 conversations, one worker
// SIGKILLed and restarted twice and Redis restarted (empty) once while they flow. Afterwards every
// message has exactly its replies, in order, none doubled or lost, and every run is finished.

const CONVERSATIONS = 100;
const PER_CONVERSATION = 10;


let redis: RedisServer;
let model: OpenAIServer;
let web: SwitchboardService;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
/** Every worker process started, killed ones included, for their logs. */
const workers: WorkerProcess[] = [];

async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const worker = new WorkerProcess(env);
  workers.push(worker);
  await worker.healthUrl();
  return worker;
}

beforeAll(async () => {
  redis = await startRedisServer();
  model = await startOpenAIServer({ latencyMs: 15 });
  database = await openTestDatabase();
  await database.close();
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
  await web.close().catch(() => undefined);
  await model.close();
  await redis.stop();
  await database.dispose();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

it('loses nothing and answers nothing twice while a worker is killed twice and Redis restarts empty', async () => {
  const databaseUrl = database.options.url;
  if (databaseUrl === undefined) throw new Error('the fault test needs Postgres (SWITCHBOARD_TEST_DB=postgres)');
  const secretKey = randomBytes(32);
  const prefix = 'fault';
  web = await createSwitchboard({
    dataDir: database.options.dataDir,
    databaseUrl,
    redisUrl: redis.url,
    queuePrefix: prefix,
    secretKey,
    replyTimeoutMs: 120_000,
    version: 'test',
  });
  const flow = await web.importFlow(countingModelFlow(model.url));
  await web.publish(flow.id);

  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    SWITCHBOARD_SECRET_KEY: secretKey.toString('base64'),
    SWITCHBOARD_QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: '8',
    WORKER_HEALTH_PORT: '0',
    WORKER_LOCK_MS: '2000',
    WORKER_RECONCILE_MS: '500',
  };
  let victim = await startWorker(env);
  await startWorker(env);

  // Each conversation sends its messages over ~8 s without waiting for answers, so that several are
  // queued per conversation whenever a fault strikes.
  const sent: { conversation: string; text: string; messageId: string; answer: Promise<ChatResult> }[] = [];
  const duplicates: { original: string; answer: Promise<ChatResult> }[] = [];
  const senders = Array.from({ length: CONVERSATIONS }, async (_, c) => {
    for (let m = 1; m <= PER_CONVERSATION; m += 1) {
      await sleep(400 + Math.random() * 400);
      const conversation = `conv-${c}`;
      const text = `c${c}-m${m}`;
      const messageId = `${conversation}/${m}`;
      const answer = web.chat(flow.id, { conversationId: conversation, text, messageId });
      sent.push({ conversation, text, messageId, answer });
      // The platform retries one message in ten, at once or a little later: it must run once.
      if ((c + m) % 10 === 0) {
        void sleep(Math.random() * 300).then(() => {
          duplicates.push({ original: messageId, answer: web.chat(flow.id, { conversationId: conversation, text, messageId }) });
        });
      }
    }
  });

  const faults = (async () => {
    await sleep(2000);
    await victim.stop('SIGKILL');
    victim = await startWorker(env);
    await sleep(2000);
    await redis.restart();
    await sleep(2000);
    await victim.stop('SIGKILL');
    victim = await startWorker(env);
  })();

  await Promise.all([...senders, faults]);
  await sleep(400);
  const results = await Promise.all(sent.map((entry) => entry.answer));
  const duplicateResults = await Promise.all(duplicates.map((entry) => entry.answer));

  // What the database says.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const inbox = await client.query<{ status: string; count: string }>('SELECT status, count(*) FROM inbox GROUP BY status');
    const runs = await client.query<{ status: string; count: string }>('SELECT status, count(*) FROM runs GROUP BY status');
    const retried = await client.query<{ count: string }>('SELECT count(*) FROM inbox WHERE attempts > 0');
    const leftovers = await client.query<{ count: string }>('SELECT count(*) FROM checkpoints');
    const order = await client.query<{ external_id: string; direction: string; text: string }>(
      `SELECT c.external_id, m.direction, m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id ORDER BY c.external_id, m.id`,
    );
    const byConversation = new Map<string, string[]>();
    for (const row of order.rows) byConversation.set(row.external_id, [...(byConversation.get(row.external_id) ?? []), `${row.direction}:${row.text}`]);
    const arrivals = await client.query<{ external_id: string; text: string }>(
      `SELECT c.external_id, i.event->>'text' AS text FROM inbox i JOIN conversations c ON c.id = i.conversation_id ORDER BY c.external_id, i.seq`,
    );
    const expected = new Map<string, string[]>();
    const position = new Map<string, number>();
    for (const row of arrivals.rows) {
      const list = expected.get(row.external_id) ?? [];
      list.push(`in:${row.text}`, `out:${list.length / 2 + 1} Echo: ${row.text}`);
      position.set(`${row.external_id}|${row.text}`, list.length / 2);
      expected.set(row.external_id, list);
    }

    const counts: Record<string, number> = {};
    for (const row of inbox.rows) counts[`inbox ${row.status}`] = Number(row.count);
    for (const row of runs.rows) counts[`runs ${row.status}`] = Number(row.count);
    const replies = results.reduce((total, result) => total + result.replies.length, 0);
    const reexecuted = workers.flatMap((worker) => worker.stdout).filter((line) => line.includes('running turn')).length;
    const stalled = workers.flatMap((worker) => worker.stdout).filter((line) => line.includes('stalled')).length;
    console.log(
      [
        `fault test: ${sent.length} messages over ${CONVERSATIONS} conversations; worker a SIGKILLed twice, Redis restarted empty once`,
        `  answers: ${results.length} (${replies} replies), all completed: ${results.every((result) => result.status === 'completed')}`,
        `  redeliveries: ${duplicates.length}; copies answered as duplicates of the first run: ${[...duplicateResults, ...results].filter((result) => result.duplicate).length}`,
        `  database: ${JSON.stringify(counts)}; messages whose worker died mid-turn: ${retried.rows[0]?.count ?? '?'}; checkpoints left: ${leftovers.rows[0]?.count ?? '?'}`,
        `  workers: ${stalled} stalled job(s) picked up, ${reexecuted} turn(s) re-executed; model calls: ${model.requests.length} for ${sent.length} messages`,
      ].join('\n'),
    );

    expect(sent).toHaveLength(CONVERSATIONS * PER_CONVERSATION);
    // Every caller got exactly its own reply, numbered by its place in the conversation's arrival order.
    for (const [index, result] of results.entries()) {
      const entry = sent[index];
      if (!entry) continue;
      expect(result.status).toBe('completed');
      expect(result.replies.map((reply) => reply.text)).toEqual([`${position.get(`${entry.conversation}|${entry.text}`) ?? '?'} Echo: ${entry.text}`]);
    }
    // Redeliveries ran nothing: the first run's answer, marked duplicate.
    // (Either copy may be recorded first; the other is the duplicate.)
    for (const [index, result] of duplicateResults.entries()) {
      const original = results[sent.findIndex((entry) => entry.messageId === duplicates[index]?.original)];
      expect(result).toMatchObject({ runId: original?.runId, replies: original?.replies });
      expect([result.duplicate, original?.duplicate].filter(Boolean)).toHaveLength(1);
    }
    // The stored conversations: each message once, its one reply right after it, in arrival order.
    expect(byConversation.size).toBe(CONVERSATIONS);
    for (const [conversation, messages] of byConversation) expect(messages).toEqual(expected.get(conversation));
    expect(counts).toEqual({ 'inbox done': CONVERSATIONS * PER_CONVERSATION, 'runs completed': CONVERSATIONS * PER_CONVERSATION });
    expect(leftovers.rows[0]?.count).toBe('0');
  } finally {
    await client.end();
  }
}, 180_000);
