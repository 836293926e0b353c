import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAIServer } from '@switchboard/testing';
import type { OpenAIServer } from '@switchboard/testing';
import { dispatcherContract } from '../dispatcher-contract.ts';
import type { ChatResult, SwitchboardService } from '../service.ts';
import { delayFlow, memoryFlow } from '../test-flows.ts';
import { deleteKeys, startQueueTestSwitchboard } from '../testing.ts';
import type { QueueTestSwitchboard } from '../testing.ts';

describe('the BullMQ dispatcher (turns run on queue workers)', () => {
  dispatcherContract(() => startQueueTestSwitchboard());
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function published(service: SwitchboardService, doc: unknown): Promise<string> {
  const flow = await service.importFlow(doc);
  await service.publish(flow.id);
  return flow.id;
}

/** Resolves once `check` holds, polling; fails with `what` after `timeoutMs`. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

function modelFlow(modelUrl: string): unknown {
  return {
    schemaVersion: 1,
    name: 'Model',
    nodes: [
      { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
      { id: 'model', type: 'model.chat', typeVersion: 1, config: { baseUrl: modelUrl, model: 'echo', useMemory: false, stream: false } },
      { id: 'out', type: 'conversation.reply', typeVersion: 1, config: { text: '{{ nodes.model.text }}' } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourcePort: 'message', target: 'model', targetPort: 'in' },
      { id: 'e2', source: 'model', sourcePort: 'text', target: 'out', targetPort: 'in' },
    ],
  };
}

describe('queue mode', () => {
  let sb: QueueTestSwitchboard | undefined;
  let db: pg.Pool | undefined;
  let model: OpenAIServer | undefined;

  async function start(options: Parameters<typeof startQueueTestSwitchboard>[0] = {}): Promise<{ sb: QueueTestSwitchboard; db: pg.Pool }> {
    sb = await startQueueTestSwitchboard(options);
    db = new pg.Pool({ connectionString: sb.databaseUrl, max: 2 });
    return { sb, db };
  }

  afterEach(async () => {
    await db?.end();
    await sb?.dispose();
    await model?.close();
    sb = undefined;
    db = undefined;
    model = undefined;
  });

  it('runs redelivered copies of one message once, however they arrive', async () => {
    const { sb, db } = await start();
    const flowId = await published(sb.service, memoryFlow);
    const copies = await Promise.all(Array.from({ length: 5 }, () => sb.service.chat(flowId, { conversationId: 'c', text: 'hi', messageId: 'platform-7' })));
    const late = await sb.service.chat(flowId, { conversationId: 'c', text: 'hi', messageId: 'platform-7' });
    const runIds = new Set([...copies, late].map((result) => result.runId));
    expect(runIds.size).toBe(1);
    expect(copies.filter((result) => !result.duplicate)).toHaveLength(1);
    expect(late).toMatchObject({ duplicate: true, replies: [{ text: '1' }] });
    const runs = await db.query('SELECT id FROM runs');
    expect(runs.rowCount).toBe(1);
  });

  it('lets one busy conversation take its turns without holding up the others', async () => {
    model = await startOpenAIServer({ latencyMs: 100 });
    // One conversation at a time, two turns per job: only yielding the slot lets the others in.
    const { sb } = await start({ concurrency: 1, turnsPerJob: 2 });
    const flowId = await published(sb.service, modelFlow(model.url));
    const finished: string[] = [];
    const send = (conversationId: string, text: string): Promise<ChatResult> =>
      sb.service.chat(flowId, { conversationId, text }).then((result) => {
        finished.push(`${conversationId}:${text}`);
        return result;
      });
    const busy = Array.from({ length: 8 }, (_, n) => send('busy', `b${n}`));
    await sleep(50);
    const others = ['x', 'y', 'z'].map((conversation) => send(conversation, 'hello'));
    await Promise.all([...busy, ...others]);
    // Every other conversation was answered before the busy one's backlog was worked off.
    const lastBusy = finished.findLastIndex((entry) => entry.startsWith('busy:'));
    expect(finished.filter((entry) => entry.startsWith('busy:'))).toHaveLength(8);
    for (const conversation of ['x', 'y', 'z']) expect(finished.indexOf(`${conversation}:hello`)).toBeLessThan(lastBusy);
  });

  it('answers messages whose jobs Redis lost, once a worker reconciles', async () => {
    const { sb, db } = await start();
    const flowId = await published(sb.service, memoryFlow);
    await sb.worker.close();
    const answer = sb.service.chat(flowId, { conversationId: 'lost', text: 'still here?' });
    await eventually('the message is recorded', async () => ((await db.query(`SELECT 1 FROM inbox WHERE status = 'pending'`)).rowCount ?? 0) > 0);
    // The inbox row is committed before its job is added: wait for the job too, not only the row.
    await eventually('its job is queued', async () => {
      const queued = await sb.service.queueFigures();
      return queued.mode === 'queue' && queued.queues.find((queue) => queue.name === 'turns')?.waiting === 1;
    });
    const figures = await sb.service.queueFigures();
    expect(figures).toMatchObject({ mode: 'queue', inbox: { pending: 1, dead: 0 } });
    expect(figures.mode === 'queue' ? figures.queues.find((queue) => queue.name === 'turns')?.waiting : undefined).toBe(1);
    // Redis restarts empty: the job is gone, the inbox row is not.
    await deleteKeys(sb.prefix);
    await sb.addWorker();
    expect(await answer).toMatchObject({ status: 'completed', replies: [{ text: '1' }] });
    expect(await sb.service.queueFigures()).toMatchObject({ inbox: { pending: 0, oldestPendingAgeMs: null } });
  });

  it('resumes a delay whose timer job Redis lost', async () => {
    const { sb } = await start();
    const flowId = await published(sb.service, delayFlow(0.3));
    const first = await sb.service.chat(flowId, { conversationId: 'd', text: 'go' });
    expect(first.status).toBe('waiting');
    await deleteKeys(sb.prefix);
    await eventually('the delayed run has finished', async () => (await sb.service.getConversation(first.conversationId)).status === 'active');
    const texts = (await sb.service.listMessages(first.conversationId, {})).items.map((message) => message.text);
    expect(texts).toEqual(['go', 'wait for it', 'done: timer']);
  });

  it('gives up a message that keeps killing workers, answers it as failed, and carries on', async () => {
    const { sb, db } = await start();
    const flowId = await published(sb.service, memoryFlow);
    await sb.worker.close();
    const answer = sb.service.chat(flowId, { conversationId: 'poison', text: 'boom' });
    await eventually('the message is recorded', async () => ((await db.query(`SELECT 1 FROM inbox`)).rowCount ?? 0) > 0);
    // As if three workers had died running it.
    await db.query('UPDATE inbox SET attempts = 3');
    await sb.addWorker();
    const result = await answer;
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('gave up after 3 attempts');
    const rows = await db.query<{ status: string }>('SELECT status FROM inbox');
    expect(rows.rows).toEqual([{ status: 'dead' }]);
    expect(await sb.service.queueFigures()).toMatchObject({ inbox: { pending: 0, dead: 1 } });
    const next = await sb.service.chat(flowId, { conversationId: 'poison', text: 'fine' });
    expect(next).toMatchObject({ status: 'completed', replies: [{ text: '1' }] });
  });

  it('replays a checkpointed model call when a turn runs again, instead of calling the model twice', async () => {
    model = await startOpenAIServer();
    const { sb, db } = await start();
    const flowId = await published(sb.service, modelFlow(model.url));
    await sb.worker.close();
    const answer = sb.service.chat(flowId, { conversationId: 'again', text: 'once' });
    await eventually('the message is recorded', async () => ((await db.query(`SELECT 1 FROM inbox`)).rowCount ?? 0) > 0);
    // A worker died after the model answered and its checkpoint was saved, before the commit.
    const row = await db.query<{ id: string }>('SELECT id FROM inbox');
    const runId = row.rows[0]?.id ?? '';
    const span = { id: '01900000-0000-7000-8000-0000000000aa', runId, nodeId: 'model', nodeType: 'model.chat', status: 'ok', attempt: 1, input: { ports: {} }, output: { text: 'from the first try' }, startedAt: Date.now(), durationMs: 5 };
    const entry = { key: 'model', fired: ['text'], outputs: { text: 'from the first try' }, effects: {}, span };
    await db.query(`INSERT INTO checkpoints (run_id, key, entry) VALUES ($1, 'model', $2)`, [runId, JSON.stringify(entry)]);
    await sb.addWorker();
    expect(await answer).toMatchObject({ status: 'completed', runId, replies: [{ text: 'from the first try' }] });
    expect(model.requests).toHaveLength(0);
    const spans = await sb.service.listSpans(runId);
    expect(spans.find((item) => item.nodeId === 'model')?.id).toBe(span.id);
    expect((await db.query('SELECT 1 FROM checkpoints')).rowCount).toBe(0);
  });

  it('answers a message that came during a delay right after the delay, without waiting for the reconciler', async () => {
    const { sb } = await start({ reconcileMs: 60_000 });
    const flowId = await published(sb.service, delayFlow(0.3));
    const first = await sb.service.chat(flowId, { conversationId: 'd', text: 'go' });
    const started = Date.now();
    const during = await sb.service.chat(flowId, { conversationId: 'd', text: 'again' });
    expect(during.replies.map((reply) => reply.text)).toEqual(['wait for it']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await sb.service.listMessages(first.conversationId, {})).items.map((message) => message.text).slice(0, 4)).toEqual(['go', 'wait for it', 'done: timer', 'again']);
  });

  it('lets a redelivery waiting beside its first delivery go with 202 too, and answers later copies from the run', async () => {
    const { sb, db } = await start({ replyTimeoutMs: 500 });
    const flowId = await published(sb.service, memoryFlow);
    await sb.worker.close();
    const settle = (promise: Promise<unknown>): Promise<unknown> => promise.then((value) => value, (error: unknown) => error);
    const first = settle(sb.service.chat(flowId, { conversationId: 'slow', text: 'hi', messageId: 'm-1' }));
    await eventually('the message is recorded', async () => ((await db.query('SELECT 1 FROM inbox')).rowCount ?? 0) > 0);
    const copy = settle(sb.service.chat(flowId, { conversationId: 'slow', text: 'hi', messageId: 'm-1' }));
    expect(await first).toMatchObject({ status: 202, code: 'accepted' });
    expect(await copy).toMatchObject({ status: 202, code: 'accepted' });
    await sb.addWorker();
    await eventually('the message is answered', async () => ((await db.query(`SELECT 1 FROM inbox WHERE status = 'done'`)).rowCount ?? 0) > 0);
    expect(await sb.service.chat(flowId, { conversationId: 'slow', text: 'hi', messageId: 'm-1' })).toMatchObject({ duplicate: true, replies: [{ text: '1' }] });
  });

  it('stores a model answer holding NUL or a broken surrogate as the text Postgres can hold, instead of failing the turn', async () => {
    model = await startOpenAIServer();
    const { sb } = await start();
    const flowId = await published(sb.service, modelFlow(model.url));
    model.enqueue({ content: 'a\u0000b \ud800' });
    const result = await sb.service.chat(flowId, { conversationId: 'nul', text: 'x' });
    expect(result.status).toBe('completed');
    const stored = await sb.service.listMessages(result.conversationId, {});
    expect(stored.items.map((message) => message.text)).toEqual(['x', 'ab \ufffd']);
  });

  it('runs a run-once task on one worker and moves it to another when that one stops', async () => {
    const { sb } = await start();
    const other = await sb.addWorker();
    const running = new Set<string>();
    const started: string[] = [];
    for (const worker of [sb.worker, other]) {
      worker.runOnce(
        'poller',
        async (lease) => {
          running.add(worker.id);
          started.push(worker.id);
          await new Promise<void>((resolve) => { lease.signal.addEventListener('abort', () => { resolve(); }, { once: true }); });
          running.delete(worker.id);
        },
        { ttlMs: 1500 },
      );
    }
    await eventually('one worker runs the task', () => Promise.resolve(running.size === 1));
    await sleep(600);
    expect(running.size).toBe(1);
    const holder = [...running][0];
    const holderWorker = holder === sb.worker.id ? sb.worker : other;
    await holderWorker.close();
    await eventually('the other worker took over', () => Promise.resolve(running.size === 1 && !running.has(holder ?? '')));
    expect(started).toHaveLength(2);
  });
});
