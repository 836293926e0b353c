import type { Pool, PoolClient } from 'pg';
import { spanUsage } from './span-usage.ts';

export interface ConversationRow {
  id: string;
  flowId: string;
  channel: string;
  externalId: string;
  userId: string | null;
  status: 'active' | 'waiting' | 'delayed' | 'failed';
  waitingNodeId: string | null;
  resumeAt: Date | null;
  state: unknown;
  updatedAt: Date;
}

export interface MessageRow {
  id: string;
  conversationId: string;
  runId: string | null;
  direction: 'in' | 'out';
  text: string;
  data: unknown;
  nodeId: string | null;
  dedupeKey: string | null;
  createdAt: Date;
}

export interface RunRow {
  id: string;
  conversationId: string;
  flowVersionId: string;
  triggerMessageId: string | null;
  resumedFromRunId: string | null;
  status: 'running' | 'completed' | 'waiting' | 'failed';
  error: unknown;
  steps: number;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

export interface SpanRow {
  id: string;
  runId: string;
  nodeId: string;
  nodeType: string;
  status: 'ok' | 'error' | 'suspended';
  attempt: number;
  iteration: string | null;
  input: unknown;
  output: unknown;
  error: unknown;
  startedAt: Date;
  durationMs: number;
  usage: unknown;
  truncated: boolean;
}

/** Everything one turn writes; persisted atomically, together with other turns of the same batch. */
export interface TurnWrite {
  conversation: ConversationRow;
  /** The conversation's turn count when the turn started: the write is refused if it has moved on. */
  expectedSeq: number;
  /** Queue mode: the inbox row the turn worked off, and what became of it. */
  inbox?: { id: string; status: 'done' | 'dead'; runId: string };
  messages: MessageRow[];
  runs: RunRow[];
  spans: SpanRow[];
  /** Replies (message ids) a channel must deliver to its platform: kept in the outbox until sent. */
  deliveries?: string[];
}

/** How long the live send has before an outbox sweeper may take a reply over. */
export const OUTBOX_GRACE_MS = 120_000;

/**
 * One statement writes a whole batch: data-modifying CTEs over rows decoded from one JSON document per
 * table, so a batch costs one round trip and one native JSON.stringify whatever its size, and it is
 * all-or-nothing. The documents are read as `json`, not `jsonb`: Postgres then only checks each one
 * instead of first building a binary copy of the whole batch, which in PGlite cut the database's time
 * per turn by about a sixth (only the jsonb columns are converted, field by field).
 *
 * Fencing: a conversation's row is written only if its turn count is still the one the turn started
 * from (the new count travels in turn_seq), and every other row of that turn only if its conversation
 * was written. A turn run by a worker that lost its job to another therefore leaves no trace, and the
 * statement returns the conversations it did write.
 *
 * Spending: each turn's spans that carry usage, summed per UTC day of the span's start and model
 * (usageRows), are added to usage_daily for the turn's flow, fenced like the rest. Keys are upserted in
 * a fixed order, so two lanes adding to the same keys wait for each other and never deadlock. Turns
 * without usage add nothing to the parameter, so they cost nothing more than before.
 */
const BATCH_SQL = `
WITH conv AS (
  INSERT INTO conversations (id, flow_id, channel, external_id, user_id, status, waiting_node_id, resume_at, state, turn_seq, created_at, updated_at)
  SELECT c.id, c.flow_id, c.channel, c.external_id, c.user_id, c.status, c.waiting_node_id, c.resume_at, c.state, c.turn_seq, c.updated_at, c.updated_at
  FROM json_to_recordset($1::json) AS c(id uuid, flow_id uuid, channel text, external_id text, user_id text, status text,
    waiting_node_id text, resume_at timestamptz, state jsonb, turn_seq int, updated_at timestamptz)
  ON CONFLICT (id) DO UPDATE SET
    user_id = COALESCE(EXCLUDED.user_id, conversations.user_id), status = EXCLUDED.status,
    waiting_node_id = EXCLUDED.waiting_node_id, resume_at = EXCLUDED.resume_at,
    state = EXCLUDED.state, turn_seq = EXCLUDED.turn_seq, updated_at = EXCLUDED.updated_at
  WHERE conversations.turn_seq = EXCLUDED.turn_seq - 1
  RETURNING id
), run_rows AS (
  INSERT INTO runs (id, conversation_id, flow_version_id, trigger_message_id, resumed_from_run_id, status, error, steps, started_at, finished_at, duration_ms)
  SELECT r.* FROM json_to_recordset($2::json) AS r(id uuid, conversation_id uuid, flow_version_id uuid, trigger_message_id uuid,
    resumed_from_run_id uuid, status text, error jsonb, steps int, started_at timestamptz, finished_at timestamptz, duration_ms int)
  WHERE r.conversation_id IN (SELECT id FROM conv)
  ON CONFLICT (id) DO UPDATE SET
    status = EXCLUDED.status, error = EXCLUDED.error, steps = EXCLUDED.steps,
    finished_at = EXCLUDED.finished_at, duration_ms = EXCLUDED.duration_ms
  RETURNING id
), message_rows AS (
  INSERT INTO messages (id, conversation_id, run_id, direction, text, data, node_id, dedupe_key, created_at)
  SELECT m.* FROM json_to_recordset($3::json) AS m(id uuid, conversation_id uuid, run_id uuid, direction text, text text,
    data jsonb, node_id text, dedupe_key text, created_at timestamptz)
  WHERE m.conversation_id IN (SELECT id FROM conv)
  ON CONFLICT (conversation_id, dedupe_key) DO NOTHING
  RETURNING id
), outbox_rows AS (
  INSERT INTO outbox (message_id, conversation_id, deliver_after)
  SELECT o.message_id, o.conversation_id, o.deliver_after FROM json_to_recordset($6::json) AS o(message_id uuid, conversation_id uuid, deliver_after timestamptz)
  WHERE o.message_id IN (SELECT id FROM message_rows)
  RETURNING 1
), span_rows AS (
  INSERT INTO spans (id, run_id, node_id, node_type, status, attempt, iteration, input, output, error, started_at, duration_ms, usage, truncated)
  SELECT s.* FROM json_to_recordset($4::json) AS s(id uuid, run_id uuid, node_id text, node_type text, status text, attempt int,
    iteration text, input jsonb, output jsonb, error jsonb, started_at timestamptz, duration_ms int, usage jsonb, truncated boolean)
  WHERE s.run_id IN (SELECT id FROM run_rows)
  ON CONFLICT (id) DO NOTHING
  RETURNING 1
), usage_rows AS (
  INSERT INTO usage_daily (flow_id, day, model, calls, input_tokens, output_tokens, cost_usd)
  SELECT u.flow_id, u.day, u.model, sum(u.calls)::int, sum(u.input_tokens)::bigint, sum(u.output_tokens)::bigint, sum(u.cost_usd)
  FROM json_to_recordset($7::json) AS u(conversation_id uuid, flow_id uuid, day date, model text, calls int, input_tokens bigint, output_tokens bigint, cost_usd float8)
  WHERE u.conversation_id IN (SELECT id FROM conv)
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT (flow_id, day, model) DO UPDATE SET
    calls = usage_daily.calls + EXCLUDED.calls, input_tokens = usage_daily.input_tokens + EXCLUDED.input_tokens,
    output_tokens = usage_daily.output_tokens + EXCLUDED.output_tokens, cost_usd = usage_daily.cost_usd + EXCLUDED.cost_usd
  RETURNING 1
), inbox_rows AS (
  UPDATE inbox SET status = x.status, run_id = x.run_id, finished_at = x.finished_at
  FROM json_to_recordset($5::json) AS x(id uuid, conversation_id uuid, status text, run_id uuid, finished_at timestamptz)
  WHERE inbox.id = x.id AND x.conversation_id IN (SELECT id FROM conv)
  RETURNING 1
), cleared AS (
  DELETE FROM checkpoints WHERE run_id IN (SELECT id FROM run_rows)
  RETURNING 1
)
SELECT id FROM conv`;

function parameters(writes: readonly TurnWrite[]): string[] {
  return [
    JSON.stringify(
      writes.map(({ conversation: c, expectedSeq }) => ({
        id: c.id,
        flow_id: c.flowId,
        channel: c.channel,
        external_id: c.externalId,
        user_id: c.userId,
        status: c.status,
        waiting_node_id: c.waitingNodeId,
        resume_at: c.resumeAt,
        state: c.state,
        turn_seq: expectedSeq + 1,
        updated_at: c.updatedAt,
      })),
    ),
    JSON.stringify(
      writes.flatMap((write) =>
        write.runs.map((r) => ({
          id: r.id,
          conversation_id: r.conversationId,
          flow_version_id: r.flowVersionId,
          trigger_message_id: r.triggerMessageId,
          resumed_from_run_id: r.resumedFromRunId,
          status: r.status,
          error: r.error,
          steps: r.steps,
          started_at: r.startedAt,
          finished_at: r.finishedAt,
          duration_ms: r.durationMs,
        })),
      ),
    ),
    JSON.stringify(
      writes.flatMap((write) =>
        write.messages.map((m) => ({
          id: m.id,
          conversation_id: m.conversationId,
          run_id: m.runId,
          direction: m.direction,
          text: m.text,
          data: m.data,
          node_id: m.nodeId,
          dedupe_key: m.dedupeKey,
          created_at: m.createdAt,
        })),
      ),
    ),
    JSON.stringify(
      writes.flatMap((write) =>
        write.spans.map((s) => ({
          id: s.id,
          run_id: s.runId,
          node_id: s.nodeId,
          node_type: s.nodeType,
          status: s.status,
          attempt: s.attempt,
          iteration: s.iteration,
          input: s.input,
          output: s.output,
          error: s.error,
          started_at: s.startedAt,
          duration_ms: Math.round(s.durationMs),
          usage: s.usage,
          truncated: s.truncated,
        })),
      ),
    ),
    JSON.stringify(
      writes.flatMap(({ inbox, conversation }) =>
        inbox ? [{ id: inbox.id, conversation_id: conversation.id, status: inbox.status, run_id: inbox.runId, finished_at: conversation.updatedAt }] : [],
      ),
    ),
    JSON.stringify(
      writes.flatMap(({ deliveries, conversation }) => {
        if (deliveries === undefined || deliveries.length === 0) return [];
        const after = new Date(conversation.updatedAt.getTime() + OUTBOX_GRACE_MS);
        return deliveries.map((id) => ({ message_id: id, conversation_id: conversation.id, deliver_after: after }));
      }),
    ),
    JSON.stringify(writes.flatMap(usageRows)),
  ];
}

/** One turn's model usage per UTC day and model, for usage_daily; none for a turn without usage. */
function usageRows(write: TurnWrite): { conversation_id: string; flow_id: string; day: string; model: string; calls: number; input_tokens: number; output_tokens: number; cost_usd: number }[] {
  const rows = new Map<string, { conversation_id: string; flow_id: string; day: string; model: string; calls: number; input_tokens: number; output_tokens: number; cost_usd: number }>();
  for (const span of write.spans) {
    const usage = spanUsage(span.usage);
    if (!usage) continue;
    const day = span.startedAt.toISOString().slice(0, 10);
    const key = `${day} ${usage.model}`;
    const row = rows.get(key) ?? { conversation_id: write.conversation.id, flow_id: write.conversation.flowId, day, model: usage.model, calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
    row.calls += 1;
    row.input_tokens += usage.inputTokens;
    row.output_tokens += usage.outputTokens;
    row.cost_usd += usage.costUsd;
    rows.set(key, row);
  }
  return [...rows.values()];
}

interface Pending {
  write: TurnWrite;
  /** true: written; false: refused, the conversation's turn count had moved on. */
  resolve: (written: boolean) => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: turns that finish while a batch is being written are written together in the next one,
 * so throughput grows with load instead of being bound by one round trip per turn.
 */
export class TurnWriter {
  private queue: Pending[] = [];
  private readonly lanes = new Set<Promise<void>>();
  private readonly pool: Pool;
  private readonly maxBatch: number;
  private readonly maxLanes: number;
  /** Told of the turns each statement wrote (the spend ledger counts their cost); must not throw. */
  private readonly onCommitted: ((writes: readonly TurnWrite[]) => void) | undefined;
  /**
   * Named statement, parsed and planned once per connection instead of for every batch (a seven-CTE
   * statement: in PGlite that is a fixed cost per batch which small batches pay per turn). Each
   * connection gets a name of its own: the embedded database serves every connection from one session,
   * where a second connection preparing the same name would fail.
   */
  private readonly prepared: boolean;
  private readonly statementNames = new WeakMap<PoolClient, string>();
  batches = 0;
  turns = 0;

  /**
   * `lanes` batches may be in flight at once: more than one helps a server Postgres keep its cores
   * busy, while the embedded database runs one statement at a time anyway. Turns of one conversation
   * never share a batch or overlap, since a conversation's next turn waits for this write.
   */
  constructor(pool: Pool, options: { maxBatch?: number; lanes?: number; prepared?: boolean; onCommitted?: (writes: readonly TurnWrite[]) => void } = {}) {
    this.pool = pool;
    this.onCommitted = options.onCommitted;
    this.prepared = options.prepared ?? false;
    this.maxBatch = options.maxBatch ?? 256;
    this.maxLanes = options.lanes ?? 1;
  }

  /** Resolves with whether the turn was written: false when it was fenced out (see BATCH_SQL). */
  write(write: TurnWrite): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      this.startLane();
    });
  }

  private startLane(): void {
    if (this.lanes.size >= this.maxLanes) return;
    const lane: Promise<void> = this.drain().finally(() => {
      this.lanes.delete(lane);
      // A write queued after this lane's last look at the queue, but before it was removed from
      // the lanes, found every lane busy: pick it up now.
      if (this.queue.length > 0) this.startLane();
    });
    this.lanes.add(lane);
  }

  /** Resolves once everything queued so far is written (or failed). */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all(this.lanes);
  }

  private async drain(): Promise<void> {
    // Let the turns finishing in this tick join the first batch.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.takeBatch();
      try {
        const written = await this.persist(batch.map((item) => item.write));
        for (const item of batch) item.resolve(written.has(item.write.conversation.id));
      } catch (error) {
        // One bad turn must not sink the others: retry each alone and fail only the culprits.
        await this.persistOneByOne(batch, error);
      }
    }
  }

  /**
   * The next batch: at most one write per conversation, so each is fenced against the stored count.
   * (Two can only meet when a worker runs a conversation it has lost; the later one waits a batch.)
   */
  private takeBatch(): Pending[] {
    if (this.queue.length <= 1) return this.queue.splice(0);
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const seen = new Set<string>();
    for (const item of this.queue) {
      const id = item.write.conversation.id;
      if (batch.length < this.maxBatch && !seen.has(id)) {
        seen.add(id);
        batch.push(item);
      } else {
        rest.push(item);
      }
    }
    this.queue = rest;
    return batch;
  }

  /**
   * After a failed batch: each turn alone, and a turn that still fails once more with its text made
   * storable (a node's output may hold NUL or a broken surrogate, which Postgres refuses), so that
   * one such output fails neither its batch nor its own turn.
   */
  private async persistOneByOne(batch: Pending[], batchError: unknown): Promise<void> {
    for (const item of batch) {
      let failure: unknown = batchError;
      for (const write of batch.length === 1 ? [storableWrite(item.write)] : [item.write, storableWrite(item.write)]) {
        try {
          const written = await this.persist([write]);
          item.resolve(written.has(write.conversation.id));
          failure = undefined;
          break;
        } catch (error) {
          failure = error;
        }
      }
      if (failure !== undefined) item.reject(failure instanceof Error ? failure : new Error('the turn could not be written'));
    }
  }

  private async persist(writes: readonly TurnWrite[]): Promise<Set<string>> {
    const values = parameters(writes);
    const result = this.prepared ? await this.queryPrepared(values) : await this.pool.query<{ id: string }>({ text: BATCH_SQL, values });
    this.batches += 1;
    this.turns += writes.length;
    const written = new Set(result.rows.map((row) => row.id));
    this.onCommitted?.(written.size === writes.length ? writes : writes.filter((write) => written.has(write.conversation.id)));
    return written;
  }

  private async queryPrepared(values: string[]) {
    const client = await this.pool.connect();
    try {
      let name = this.statementNames.get(client);
      if (name === undefined) {
        statements += 1;
        name = `switchboard-turn-batch-${String(process.pid)}-${String(statements)}`;
        this.statementNames.set(client, name);
      }
      const result = await client.query<{ id: string }>({ name, text: BATCH_SQL, values });
      client.release();
      return result;
    } catch (error) {
      // As pool.query does: a connection that failed a query is not handed out again.
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }
}

/** Numbers the statement names of this process: unique in a shared session, with the process id for several. */
let statements = 0;
/** Strings Postgres can store: NUL removed, lone UTF-16 surrogates replaced (toWellFormed). */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') || !value.isWellFormed() ? value.replaceAll('\u0000', '').toWellFormed() : value;
  if (Array.isArray(value)) return value.map(storable);
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storable(key), storable(item)]));
  }
  return value;
}

function storableWrite(write: TurnWrite): TurnWrite {
  return {
    ...write,
    conversation: { ...write.conversation, state: storable(write.conversation.state) },
    messages: write.messages.map((message) => ({ ...message, text: String(storable(message.text)), data: storable(message.data) })),
    runs: write.runs.map((run) => ({ ...run, error: storable(run.error) })),
    spans: write.spans.map((span) => ({ ...span, input: storable(span.input), output: storable(span.output), error: storable(span.error), usage: storable(span.usage) })),
  };
}
