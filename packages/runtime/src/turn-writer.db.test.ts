import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db';
import { newId } from '@switchboard/flow-schema';
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
});

afterEach(async () => {
  await database.dispose();
});

/** One turn of conversation `conversationId` that replies `text`, started from turn count `expectedSeq`. */
function turn(conversationId: string, expectedSeq: number, text: string): TurnWrite {
  const runId = newId();
  const now = new Date();
  return {
    conversation: {
      id: conversationId,
      flowId,
      channel: 'api',
      externalId: `ext-${conversationId}`,
      userId: null,
      status: 'active',
      waitingNodeId: null,
      resumeAt: null,
      state: { vars: { last: text }, memory: [] },
      updatedAt: now,
    },
    expectedSeq,
    runs: [{ id: runId, conversationId, flowVersionId: versionId, triggerMessageId: null, resumedFromRunId: null, status: 'completed', error: null, steps: 1, startedAt: now, finishedAt: now, durationMs: 0 }],
    messages: [{ id: newId(), conversationId, runId, direction: 'out', text, data: null, nodeId: 'out', dedupeKey: `out:${runId}`, createdAt: now }],
    spans: [{ id: newId(), runId, nodeId: 'out', nodeType: 'conversation.reply', status: 'ok', attempt: 1, iteration: null, input: null, output: null, error: null, startedAt: now, durationMs: 0, usage: null, truncated: false }],
  };
}

describe('the turn writer', () => {
  it('writes a turn only if the conversation is still at the count it started from', async () => {
    const writer = new TurnWriter(database.pool);
    const id = newId();
    expect(await writer.write(turn(id, 0, 'first'))).toBe(true);
    // A worker that lost the conversation to another writes from a count that has moved on: nothing of it lands.
    expect(await writer.write(turn(id, 0, 'zombie'))).toBe(false);
    expect(await writer.write(turn(id, 1, 'second'))).toBe(true);
    const pool = database.pool;
    const conversation = await pool.query<{ turn_seq: number; state: { vars: { last: string } } }>('SELECT turn_seq, state FROM conversations WHERE id = $1', [id]);
    expect(conversation.rows).toEqual([{ turn_seq: 2, state: { vars: { last: 'second' }, memory: [] } }]);
    expect((await pool.query<{ text: string }>('SELECT text FROM messages ORDER BY id')).rows.map((row) => row.text)).toEqual(['first', 'second']);
    expect((await pool.query('SELECT 1 FROM runs')).rowCount).toBe(2);
    expect((await pool.query('SELECT 1 FROM spans')).rowCount).toBe(2);
  });

  it('fences each conversation of a batch on its own', async () => {
    const writer = new TurnWriter(database.pool);
    const [a, b] = [newId(), newId()];
    await Promise.all([writer.write(turn(a, 0, 'a1')), writer.write(turn(b, 0, 'b1'))]);
    // One batch: a fenced-out turn of b, a good one of a, and a second turn of a (which waits a batch).
    const results = await Promise.all([writer.write(turn(b, 0, 'b-stale')), writer.write(turn(a, 1, 'a2')), writer.write(turn(a, 2, 'a3'))]);
    expect(results).toEqual([false, true, true]);
    const texts = await database.pool.query<{ text: string }>('SELECT text FROM messages ORDER BY id');
    expect(texts.rows.map((row) => row.text)).toEqual(['a1', 'b1', 'a2', 'a3']);
  });
});
