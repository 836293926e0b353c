import type { Pool } from 'pg';
import type { JournalEntry } from '@switchboard/engine';
import { newId } from '@switchboard/flow-schema';
import type { InboundEvent } from '@switchboard/flow-schema';
import { isState } from '../conversations.ts';
import type { StoredState } from '../conversations.ts';
import type { TurnSubject } from '../execute-turn.ts';

// The inbox: queue mode's source of truth for work. The web tier commits a row before it enqueues
// anything; workers claim a conversation's rows in seq (arrival) order; the reconciler re-enqueues whatever is
// pending, so a lost job (or a Redis that restarted empty) loses nothing.

export interface InboundRecord {
  id: string;
  flowId: string;
  channel: string;
  externalId: string;
  userId: string | null;
  flowVersionId: string;
  event: InboundEvent;
  dedupeKey: string | null;
  replyTo: string | null;
  stream: boolean;
}

export type Recorded =
  | { kind: 'new'; conversationId: string }
  /** The platform delivered this message before: `inboxId` is still pending, or `runId` answered it. */
  | { kind: 'duplicate'; conversationId: string; inboxId: string | null; runId: string | null; status: 'pending' | 'done' | 'dead' };

const RECORD_SQL = `
WITH conv_new AS (
  INSERT INTO conversations (id, flow_id, channel, external_id, user_id, status, state, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, 'active', '{"vars": {}, "memory": []}', now(), now())
  ON CONFLICT (flow_id, channel, external_id) DO NOTHING
  RETURNING id
), conv AS (
  SELECT id FROM conv_new
  UNION ALL
  SELECT id FROM conversations WHERE flow_id = $2 AND channel = $3 AND external_id = $4
  LIMIT 1
), locked AS (
  -- Serializes recording per conversation, so that seq order is commit order (see inbox.seq).
  SELECT pg_advisory_xact_lock(hashtextextended(conv.id::text, 7)) FROM conv
), known AS (
  SELECT i.id, i.status, i.run_id FROM inbox i, conv WHERE i.conversation_id = conv.id AND i.dedupe_key = $9
  UNION ALL
  SELECT NULL, 'done', m.run_id FROM messages m, conv WHERE m.conversation_id = conv.id AND m.dedupe_key = $9
  LIMIT 1
), ins AS (
  INSERT INTO inbox (id, conversation_id, flow_version_id, kind, event, dedupe_key, reply_to, stream, created_at)
  SELECT $6, conv.id, $7, $8, $10, $9, $11, $12, now() FROM conv, locked WHERE NOT EXISTS (SELECT 1 FROM known)
  ON CONFLICT (conversation_id, dedupe_key) DO NOTHING
  RETURNING id
)
SELECT (SELECT id FROM conv) AS conversation_id, (SELECT id FROM ins) AS inserted,
  (SELECT row_to_json(known) FROM known) AS known`;

/**
 * Commits an inbound event (and its conversation, if new) in one statement; a message id seen before
 * is reported as a duplicate instead. Retried when a concurrent first message of the same
 * conversation hides the row from this statement's snapshot.
 */
export async function recordInbound(pool: Pool, record: InboundRecord): Promise<Recorded> {
  for (let attempt = 1; ; attempt += 1) {
    const result = await pool.query<{ conversation_id: string | null; inserted: string | null; known: { id: string | null; status: string; run_id: string | null } | null }>({
      name: 'switchboard-record-inbound',
      text: RECORD_SQL,
      values: [
        newId(),
        record.flowId,
        record.channel,
        record.externalId,
        record.userId,
        record.id,
        record.flowVersionId,
        record.event.kind,
        record.dedupeKey,
        JSON.stringify(record.event),
        record.replyTo,
        record.stream,
      ],
    });
    const row = result.rows[0];
    const conversationId = row?.conversation_id ?? null;
    if (conversationId !== null && row?.inserted) return { kind: 'new', conversationId };
    if (conversationId !== null && row?.known) {
      const status = row.known.status === 'pending' || row.known.status === 'dead' ? row.known.status : 'done';
      return { kind: 'duplicate', conversationId, inboxId: row.known.id, runId: row.known.run_id, status };
    }
    if (attempt >= 5) throw new Error(`could not record the message in conversation ${record.externalId}: the conversation kept changing`);
  }
}

export interface Claimed {
  /** Also the id of the run that answers it, whichever execution commits. */
  id: string;
  kind: string;
  event: InboundEvent;
  /** Workers that stopped while running it, so far. */
  crashes: number;
  /** An earlier execution saved checkpoints: replay them. */
  hasCheckpoints: boolean;
  /** More rows were pending behind this one when it was read. */
  more: boolean;
  dedupeKey: string | null;
  replyTo: string | null;
  stream: boolean;
  flowVersionId: string;
  conversation: TurnSubject & { status: string };
}

interface ConversationJson {
  id: string;
  flow_id: string;
  channel: string;
  external_id: string;
  user_id: string | null;
  status: string;
  state: unknown;
  turn_seq: number;
}

// A plain read: claiming costs no commit. Two workers may read the same row (a job Redis lost and
// re-created while the first still runs); the turn_seq fence lets only one of them commit.
const CLAIM_SQL = `
SELECT i.id, i.kind, i.event, i.attempts, i.dedupe_key, i.reply_to, i.stream, i.flow_version_id,
  EXISTS (SELECT 1 FROM checkpoints k WHERE k.run_id = i.id) AS has_checkpoints,
  -- Any other pending row, not only later ones: messages that came during a delay sit before its timer.
  EXISTS (SELECT 1 FROM inbox j WHERE j.conversation_id = $1 AND j.status = 'pending' AND j.id <> i.id) AS more,
  json_build_object('id', c.id, 'flow_id', c.flow_id, 'channel', c.channel, 'external_id', c.external_id, 'user_id', c.user_id,
    'status', c.status, 'state', c.state, 'turn_seq', c.turn_seq) AS conversation
FROM conversations c JOIN inbox i ON i.conversation_id = c.id
WHERE c.id = $1 AND i.status = 'pending'
  AND (c.status <> 'delayed' OR (i.kind = 'timer' AND (c.resume_at IS NULL OR c.resume_at <= now())))
ORDER BY i.seq
LIMIT 1`;

/** The conversation's next pending row, if it may run now (a conversation parked on a delay takes only its timer). */
export async function claimNext(pool: Pool, conversationId: string): Promise<Claimed | undefined> {
  const result = await pool.query<{
    id: string;
    kind: string;
    event: InboundEvent;
    attempts: number;
    has_checkpoints: boolean;
    more: boolean;
    dedupe_key: string | null;
    reply_to: string | null;
    stream: boolean;
    flow_version_id: string;
    conversation: ConversationJson;
  }>({ name: 'switchboard-claim', text: CLAIM_SQL, values: [conversationId] });
  const row = result.rows[0];
  if (!row) return undefined;
  const c = row.conversation;
  const state: StoredState = isState(c.state) ? c.state : { vars: {}, memory: [] };
  return {
    id: row.id,
    kind: row.kind,
    event: row.event,
    crashes: row.attempts,
    hasCheckpoints: row.has_checkpoints,
    more: row.more,
    dedupeKey: row.dedupe_key,
    replyTo: row.reply_to,
    stream: row.stream,
    flowVersionId: row.flow_version_id,
    conversation: { id: c.id, flowId: c.flow_id, channel: c.channel, externalId: c.external_id, userId: c.user_id, status: c.status, state, turnSeq: c.turn_seq },
  };
}

/**
 * Counts a worker that stopped while running this row (its job was found stalled and this is the
 * conversation's first pending row, so it was the one in progress); returns the count so far.
 */
export async function countCrash(pool: Pool, inboxId: string): Promise<number> {
  const result = await pool.query<{ attempts: number }>('UPDATE inbox SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts', [inboxId]);
  return result.rows[0]?.attempts ?? 0;
}

/**
 * How long until a conversation's timer (delay or ask time-out) is due, by the database's clock, if it
 * has one: for a timer job that came early by this machine's clock.
 */
export async function delayedUntil(pool: Pool, conversationId: string): Promise<number | undefined> {
  const result = await pool.query<{ remaining_ms: number | null }>(
    `SELECT (EXTRACT(EPOCH FROM resume_at - now()) * 1000)::float8 AS remaining_ms FROM conversations WHERE id = $1 AND status IN ('delayed', 'waiting')`,
    [conversationId],
  );
  const remaining = result.rows[0]?.remaining_ms;
  return remaining === null || remaining === undefined ? undefined : Math.max(0, remaining);
}

/** A row that needs no turn (a timer whose wait has already ended). */
export async function markSkipped(pool: Pool, inboxId: string): Promise<void> {
  await pool.query(`UPDATE inbox SET status = 'done', finished_at = now() WHERE id = $1 AND status = 'pending'`, [inboxId]);
}

/** The inbox key of the timer that ends a conversation's current wait (a delay, or an ask's time-out), if it has one. */
export function timerKey(state: StoredState): string | undefined {
  const waiting = state.waiting;
  if (waiting?.resumeAt === undefined) return undefined;
  return `timer:${waiting.runId}:${waiting.resumeAt}`;
}

/**
 * Puts a timer event in the inbox of every conversation (or just `conversationId`) whose delay is
 * due; idempotent, as the timer's key is unique per wait. Returns the conversations to poke.
 */
export async function enqueueDueTimers(pool: Pool, conversationId?: string): Promise<string[]> {
  const due = await pool.query<{ id: string; channel: string; state: unknown }>(
    `SELECT id, channel, state FROM conversations
     WHERE status IN ('delayed', 'waiting') AND resume_at <= now() ${conversationId === undefined ? '' : 'AND id = $1'}
     ORDER BY resume_at
     LIMIT 10000`,
    conversationId === undefined ? [] : [conversationId],
  );
  const rows = due.rows.flatMap((row) => {
    if (!isState(row.state)) return [];
    const key = timerKey(row.state);
    const versionId = row.state.versionId;
    if (key === undefined || versionId === undefined) return [];
    const event: InboundEvent = { kind: 'timer', text: '', channel: row.channel, receivedAt: new Date().toISOString() };
    return [{ id: newId(), conversation_id: row.id, flow_version_id: versionId, event, dedupe_key: key }];
  });
  if (rows.length === 0) return [];
  await pool.query(
    // The timer only has to come before messages recorded after it: only it can run while the
    // conversation is delayed, so the advisory lock is not needed here.
    `INSERT INTO inbox (id, conversation_id, flow_version_id, kind, event, dedupe_key, created_at)
     SELECT t.id, t.conversation_id, t.flow_version_id, 'timer', t.event, t.dedupe_key, now()
     FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, conversation_id uuid, flow_version_id uuid, event jsonb, dedupe_key text)
     ON CONFLICT (conversation_id, dedupe_key) DO NOTHING`,
    [JSON.stringify(rows)],
  );
  return rows.map((row) => row.conversation_id);
}

/** Conversations with a row a worker could take now: what the queue must hold a job for. */
export async function runnableConversations(pool: Pool, limit = 10_000): Promise<string[]> {
  const result = await pool.query<{ conversation_id: string }>(
    // Oldest first, so that a backlog larger than the limit is worked off in order, not starved.
    `SELECT i.conversation_id FROM inbox i JOIN conversations c ON c.id = i.conversation_id
     WHERE i.status = 'pending' AND (c.status <> 'delayed' OR i.kind = 'timer')
     GROUP BY i.conversation_id
     ORDER BY min(i.seq)
     LIMIT $1`,
    [limit],
  );
  return result.rows.map((row) => row.conversation_id);
}

/** Of the given rows, those a worker has finished: their run ids, or null for one that needed no run. */
export async function finishedAmong(pool: Pool, ids: readonly string[]): Promise<Map<string, { conversationId: string; runId: string | null; status: string }>> {
  if (ids.length === 0) return new Map();
  const result = await pool.query<{ id: string; conversation_id: string; run_id: string | null; status: string }>(
    `SELECT id, conversation_id, run_id, status FROM inbox WHERE id = ANY($1::uuid[]) AND status <> 'pending'`,
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, { conversationId: row.conversation_id, runId: row.run_id, status: row.status }]));
}

export async function loadJournal(pool: Pool, runId: string): Promise<Map<string, JournalEntry>> {
  const result = await pool.query<{ key: string; entry: JournalEntry }>('SELECT key, entry FROM checkpoints WHERE run_id = $1', [runId]);
  return new Map(result.rows.map((row) => [row.key, row.entry]));
}

/** Saves a checkpoint; the first saved result of a node stays (a zombie's later copy is ignored). */
export async function saveCheckpoint(pool: Pool, runId: string, entry: JournalEntry): Promise<void> {
  // A model's answer may hold NUL or a broken surrogate, which jsonb refuses: store what it can hold.
  const text = JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'string' && (value.includes('\u0000') || !value.isWellFormed()) ? value.replaceAll('\u0000', '').toWellFormed() : value));
  await pool.query('INSERT INTO checkpoints (run_id, key, entry) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [runId, entry.key, text]);
}

/** Deletes a run's checkpoints once its inbox row is finished (by whichever worker committed it). */
export async function discardCheckpoints(pool: Pool, runId: string): Promise<void> {
  await pool.query(`DELETE FROM checkpoints WHERE run_id = $1 AND NOT EXISTS (SELECT 1 FROM inbox WHERE id = $1 AND status = 'pending')`, [runId]);
}

/** What the inbox holds, for the ops figures. */
export async function inboxFigures(pool: Pool): Promise<{ pending: number; dead: number; oldestPendingAgeMs: number | null }> {
  const result = await pool.query<{ pending: string; dead: string; oldest_ms: number | null }>(
    `SELECT count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'dead') AS dead,
       (EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE status = 'pending')) * 1000)::float8 AS oldest_ms
     FROM inbox WHERE status IN ('pending', 'dead')`,
  );
  const row = result.rows[0];
  return { pending: Number(row?.pending ?? 0), dead: Number(row?.dead ?? 0), oldestPendingAgeMs: row?.oldest_ms === null || row?.oldest_ms === undefined ? null : Math.round(row.oldest_ms) };
}

/**
 * Deletes finished rows older than `days` (their messages and runs stay), and checkpoints a day old
 * whose row is finished or gone (left by a worker that lost a race); returns how many rows went.
 */
export async function pruneInbox(pool: Pool, days: number): Promise<number> {
  const result = await pool.query(`DELETE FROM inbox WHERE status <> 'pending' AND finished_at < now() - make_interval(days => $1)`, [days]);
  await pool.query(
    `DELETE FROM checkpoints c WHERE c.created_at < now() - interval '1 day'
     AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.id = c.run_id AND i.status = 'pending')`,
  );
  return result.rowCount ?? 0;
}
