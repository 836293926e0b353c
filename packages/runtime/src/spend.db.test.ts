import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db';
import type { Usage } from '@switchboard/flow-schema';
import { newId } from '@switchboard/flow-schema';
import { SpendLedger } from './spend.ts';
import { TurnWriter } from './turn-writer.ts';
import type { TurnWrite } from './turn-writer.ts';

let database: TestDatabase;
let flowId: string;
let versionId: string;

beforeEach(async () => {
  database = await openTestDatabase();
  flowId = newId();
  versionId = newId();
  await database.pool.query(`INSERT INTO flows (id, name, draft) VALUES ($1, 'f', '{}')`, [flowId]);
  await database.pool.query(`INSERT INTO flow_versions (id, flow_id, version, document) VALUES ($1, $2, 1, '{}')`, [versionId, flowId]);
}, 60_000);

afterEach(async () => {
  await database.dispose();
}, 60_000);

/** A first turn of a new conversation whose spans used the models in `usages` (null: a span without usage), started at `at`. */
function turn(usages: (Usage | null)[], at = new Date()): TurnWrite {
  const conversationId = newId();
  const runId = newId();
  return {
    conversation: { id: conversationId, flowId, channel: 'api', externalId: `ext-${conversationId}`, userId: null, status: 'active', waitingNodeId: null, resumeAt: null, state: { vars: {}, memory: [] }, updatedAt: at },
    expectedSeq: 0,
    runs: [{ id: runId, conversationId, flowVersionId: versionId, triggerMessageId: null, resumedFromRunId: null, status: 'completed', error: null, steps: usages.length, startedAt: at, finishedAt: at, durationMs: 0 }],
    messages: [],
    spans: usages.map((usage, index) => ({
      id: newId(),
      runId,
      nodeId: `n${index}`,
      nodeType: 'llm.chat',
      status: 'ok',
      attempt: 1,
      iteration: null,
      input: null,
      output: null,
      error: null,
      startedAt: at,
      durationMs: 1,
      usage,
      truncated: false,
    })),
  };
}

interface UsageRow {
  day: string;
  model: string;
  calls: number;
  input_tokens: string;
  output_tokens: string;
  cost_usd: number;
}

async function usageRows(): Promise<UsageRow[]> {
  const result = await database.pool.query<UsageRow>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, model, calls, input_tokens::text, output_tokens::text, cost_usd FROM usage_daily WHERE flow_id = $1 ORDER BY day, model`,
    [flowId],
  );
  return result.rows;
}

describe('usage_daily, written with the turns', () => {
  it('adds up the usage of every span of a batch per day and model, and of later batches', async () => {
    const writer = new TurnWriter(database.pool);
    const gpt = (inputTokens: number, outputTokens: number, costUsd: number): Usage => ({ model: 'gpt-4o-mini', inputTokens, outputTokens, costUsd });
    // One batch: three turns, two models, a span without a model, and spans without usage.
    const written = await Promise.all([
      writer.write(turn([gpt(10, 5, 0.25), null, { model: 'claude-haiku', inputTokens: 7, outputTokens: 3, costUsd: 0.5 }])),
      writer.write(turn([gpt(20, 10, 0.125), gpt(1, 1, 0.0625)])),
      writer.write(turn([{ inputTokens: 4, outputTokens: 2 }, null])),
    ]);
    expect(written).toEqual([true, true, true]);
    expect(writer.batches).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    expect(await usageRows()).toEqual([
      { day: today, model: 'claude-haiku', calls: 1, input_tokens: '7', output_tokens: '3', cost_usd: 0.5 },
      { day: today, model: 'gpt-4o-mini', calls: 3, input_tokens: '31', output_tokens: '16', cost_usd: 0.4375 },
      { day: today, model: 'unknown', calls: 1, input_tokens: '4', output_tokens: '2', cost_usd: 0 },
    ]);

    // A later batch adds to the same rows; a span started yesterday (UTC) goes to yesterday's row.
    const yesterday = new Date(Date.now() - 86_400_000);
    await Promise.all([writer.write(turn([gpt(100, 50, 1)])), writer.write(turn([gpt(1, 2, 2)], yesterday))]);
    const rows = await usageRows();
    expect(rows[0]).toEqual({ day: yesterday.toISOString().slice(0, 10), model: 'gpt-4o-mini', calls: 1, input_tokens: '1', output_tokens: '2', cost_usd: 2 });
    expect(rows.find((row) => row.day === today && row.model === 'gpt-4o-mini')).toEqual({ day: today, model: 'gpt-4o-mini', calls: 4, input_tokens: '131', output_tokens: '66', cost_usd: 1.4375 });
  });

  it('writes no row for turns without usage, nor for a turn fenced out', async () => {
    const writer = new TurnWriter(database.pool);
    await Promise.all([writer.write(turn([null, null])), writer.write(turn([]))]);
    expect(await usageRows()).toEqual([]);
    const stale = turn([{ model: 'm', inputTokens: 1, outputTokens: 1, costUsd: 1 }]);
    expect(await writer.write(stale)).toBe(true);
    // The same turn again: its conversation has moved on, so nothing of it (usage included) is stored twice.
    expect(await writer.write(stale)).toBe(false);
    expect((await usageRows()).map((row) => row.calls)).toEqual([1]);
  });
});

describe('the spend ledger', () => {
  it('adds what this process wrote to the stored figure, and starts again at midnight UTC', async () => {
    const beforeMidnight = Date.parse('2026-03-01T23:59:58Z');
    let now = beforeMidnight;
    const ledger = new SpendLedger({ pool: database.pool, now: () => now, ttlMs: 60_000 });
    const writer = new TurnWriter(database.pool, {
      onCommitted: (writes) => {
        ledger.record(writes);
      },
    });
    const spend = (costUsd: number): Usage => ({ model: 'gpt', inputTokens: 1, outputTokens: 1, costUsd });

    // Spending stored before the ledger's first look (another process, or before a restart).
    await writer.write(turn([spend(1.5)], new Date(beforeMidnight - 60_000)));
    expect(await ledger.spentToday(flowId)).toBe(1.5);
    // Written by this process after the read: counted without reading again.
    await writer.write(turn([spend(0.25)], new Date(now)));
    expect(await ledger.spentToday(flowId)).toBe(1.75);
    expect(await usageTotal('2026-03-01')).toBe(1.75);

    // Past midnight: a new day, nothing spent yet, even though the cached figure is still fresh.
    now = Date.parse('2026-03-02T00:00:01Z');
    expect(await ledger.spentToday(flowId)).toBe(0);
    // A turn that started before midnight and is written after it counts for the day it started.
    await writer.write(turn([spend(4)], new Date(beforeMidnight + 1000)));
    expect(await ledger.spentToday(flowId)).toBe(0);
    await writer.write(turn([spend(0.5)], new Date(now)));
    expect(await ledger.spentToday(flowId)).toBe(0.5);
    expect(await usageTotal('2026-03-01')).toBe(5.75);
  });

  it('reads the stored figure again once its cache has expired (another worker spent meanwhile)', async () => {
    let now = Date.parse('2026-03-05T12:00:00Z');
    const ledger = new SpendLedger({ pool: database.pool, now: () => now, ttlMs: 5000 });
    expect(await ledger.spentToday(flowId)).toBe(0);
    // Another process's writer: this ledger is not told.
    await new TurnWriter(database.pool).write(turn([{ model: 'gpt', inputTokens: 1, outputTokens: 1, costUsd: 3 }], new Date(now)));
    expect(await ledger.spentToday(flowId)).toBe(0);
    now += 5000;
    expect(await ledger.spentToday(flowId)).toBe(3);
  });
});

async function usageTotal(day: string): Promise<number> {
  const result = await database.pool.query<{ total: number }>('SELECT COALESCE(sum(cost_usd), 0)::float8 AS total FROM usage_daily WHERE flow_id = $1 AND day = $2::date', [flowId, day]);
  return result.rows[0]?.total ?? 0;
}
