import type { Pool } from 'pg';

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
  messages: MessageRow[];
  runs: RunRow[];
  spans: SpanRow[];
}

/**
 * One statement writes a whole batch: data-modifying CTEs over rows decoded from one JSON document per
 * table, so a batch costs one round trip and one native JSON.stringify whatever its size, and it is
 * all-or-nothing.
 */
const BATCH_SQL = `
WITH conv AS (
  INSERT INTO conversations (id, flow_id, channel, external_id, user_id, status, waiting_node_id, resume_at, state, created_at, updated_at)
  SELECT c.id, c.flow_id, c.channel, c.external_id, c.user_id, c.status, c.waiting_node_id, c.resume_at, c.state, c.updated_at, c.updated_at
  FROM jsonb_to_recordset($1::jsonb) AS c(id uuid, flow_id uuid, channel text, external_id text, user_id text, status text,
    waiting_node_id text, resume_at timestamptz, state jsonb, updated_at timestamptz)
  ON CONFLICT (id) DO UPDATE SET
    user_id = COALESCE(EXCLUDED.user_id, conversations.user_id), status = EXCLUDED.status,
    waiting_node_id = EXCLUDED.waiting_node_id, resume_at = EXCLUDED.resume_at,
    state = EXCLUDED.state, updated_at = EXCLUDED.updated_at
  RETURNING 1
), run_rows AS (
  INSERT INTO runs (id, conversation_id, flow_version_id, trigger_message_id, resumed_from_run_id, status, error, steps, started_at, finished_at, duration_ms)
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, conversation_id uuid, flow_version_id uuid, trigger_message_id uuid,
    resumed_from_run_id uuid, status text, error jsonb, steps int, started_at timestamptz, finished_at timestamptz, duration_ms int)
  ON CONFLICT (id) DO UPDATE SET
    status = EXCLUDED.status, error = EXCLUDED.error, steps = EXCLUDED.steps,
    finished_at = EXCLUDED.finished_at, duration_ms = EXCLUDED.duration_ms
  RETURNING 1
), message_rows AS (
  INSERT INTO messages (id, conversation_id, run_id, direction, text, data, node_id, dedupe_key, created_at)
  SELECT * FROM jsonb_to_recordset($3::jsonb) AS m(id uuid, conversation_id uuid, run_id uuid, direction text, text text,
    data jsonb, node_id text, dedupe_key text, created_at timestamptz)
  ON CONFLICT (conversation_id, dedupe_key) DO NOTHING
  RETURNING 1
)
INSERT INTO spans (id, run_id, node_id, node_type, status, attempt, iteration, input, output, error, started_at, duration_ms, usage, truncated)
SELECT * FROM jsonb_to_recordset($4::jsonb) AS s(id uuid, run_id uuid, node_id text, node_type text, status text, attempt int,
  iteration text, input jsonb, output jsonb, error jsonb, started_at timestamptz, duration_ms int, usage jsonb, truncated boolean)
ON CONFLICT (id) DO NOTHING`;

function parameters(writes: readonly TurnWrite[]): string[] {
  // A conversation appears once per batch: its last write wins (turns of one conversation never overlap).
  const conversations = [...new Map(writes.map((write) => [write.conversation.id, write.conversation])).values()];
  return [
    JSON.stringify(
      conversations.map((c) => ({
        id: c.id,
        flow_id: c.flowId,
        channel: c.channel,
        external_id: c.externalId,
        user_id: c.userId,
        status: c.status,
        waiting_node_id: c.waitingNodeId,
        resume_at: c.resumeAt,
        state: c.state,
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
  ];
}

interface Pending {
  write: TurnWrite;
  resolve: () => void;
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
  batches = 0;
  turns = 0;

  /**
   * `lanes` batches may be in flight at once: more than one helps a server Postgres keep its cores
   * busy, while the embedded database runs one statement at a time anyway. Turns of one conversation
   * never share a batch or overlap, since a conversation's next turn waits for this write.
   */
  constructor(pool: Pool, options: { maxBatch?: number; lanes?: number } = {}) {
    this.pool = pool;
    this.maxBatch = options.maxBatch ?? 256;
    this.maxLanes = options.lanes ?? 1;
  }

  write(write: TurnWrite): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (this.lanes.size < this.maxLanes) {
        const lane: Promise<void> = this.drain().finally(() => this.lanes.delete(lane));
        this.lanes.add(lane);
      }
    });
  }

  /** Resolves once everything queued so far is written (or failed). */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all(this.lanes);
  }

  private async drain(): Promise<void> {
    // Let the turns finishing in this tick join the first batch.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.persist(batch.map((item) => item.write));
        for (const item of batch) item.resolve();
      } catch (error) {
        // One bad turn must not sink the others: retry each alone and fail only the culprits.
        if (batch.length === 1) batch[0]?.reject(error instanceof Error ? error : new Error(String(error)));
        else await this.persistOneByOne(batch);
      }
    }
  }

  private async persistOneByOne(batch: Pending[]): Promise<void> {
    for (const item of batch) {
      try {
        await this.persist([item.write]);
        item.resolve();
      } catch (error) {
        item.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  private async persist(writes: readonly TurnWrite[]): Promise<void> {
    await this.pool.query(BATCH_SQL, parameters(writes));
    this.batches += 1;
    this.turns += writes.length;
  }
}
