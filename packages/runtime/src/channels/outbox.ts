import type { Pool } from 'pg';

/** A reply the outbox holds, with what it takes to send it. */
export interface DueReply {
  messageId: string;
  conversationId: string;
  channel: string;
  externalId: string;
  text: string;
  data: unknown;
  /** Tries so far, this one included. */
  attempts: number;
  /** The platform id of the message the reply answers, when a message started its turn. */
  answering: string | null;
}

interface DueRow {
  created_at: Date;
  message_id: string;
  conversation_id: string;
  channel: string;
  external_id: string;
  text: string;
  data: unknown;
  attempts: number;
  answering: string | null;
}

/**
 * The replies channels still owe their platforms. Rows are written with the turn (TurnWriter), deleted
 * once sent, and taken over by a sweeper when the live send failed or its process died: a claim moves a
 * row's time forward under SKIP LOCKED, so two processes never send the same row at once.
 */
export class Outbox {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async delivered(messageIds: readonly string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.#pool.query('DELETE FROM outbox WHERE message_id = ANY($1::uuid[])', [messageIds]);
  }

  /** Tries again at `retryAt`. */
  async failed(messageIds: readonly string[], error: string, retryAt: Date): Promise<void> {
    if (messageIds.length === 0) return;
    await this.#pool.query('UPDATE outbox SET last_error = $2, deliver_after = $3 WHERE message_id = ANY($1::uuid[])', [messageIds, error.slice(0, 2000), retryAt]);
  }

  /** Takes up to `limit` due replies for `leaseMs`, oldest conversation first and each conversation's in order. */
  async claim(limit: number, leaseMs: number): Promise<DueReply[]> {
    const { rows } = await this.#pool.query<DueRow>(
      `WITH due AS (
         SELECT message_id FROM outbox WHERE deliver_after <= now() ORDER BY deliver_after LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox o SET deliver_after = now() + $2::int * interval '1 millisecond', attempts = o.attempts + 1
       FROM (
         SELECT due.message_id, c.channel, c.external_id, m.text, m.data, m.created_at,
                question.data -> 'message' ->> 'messageId' AS answering
         FROM due
         JOIN messages m ON m.id = due.message_id
         JOIN conversations c ON c.id = m.conversation_id
         LEFT JOIN runs r ON r.id = m.run_id
         LEFT JOIN messages question ON question.id = r.trigger_message_id
       ) AS x
       WHERE o.message_id = x.message_id
       RETURNING o.message_id, o.conversation_id, x.channel, x.external_id, x.text, x.data, o.attempts, x.created_at, x.answering`,
      [limit, leaseMs],
    );
    // RETURNING comes in no particular order: a conversation's replies must go out as they were written
    // (ids are time-ordered, so they settle a tie between the replies of one turn).
    rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.message_id < b.message_id ? -1 : a.message_id > b.message_id ? 1 : 0));
    return rows.map((row) => ({
      messageId: row.message_id,
      conversationId: row.conversation_id,
      channel: row.channel,
      externalId: row.external_id,
      text: row.text,
      data: row.data,
      attempts: row.attempts,
      answering: row.answering,
    }));
  }
}
