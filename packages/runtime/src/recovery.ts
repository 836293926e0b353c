import type { Pool } from 'pg';
import type { ConversationCache } from './conversations.ts';
import type { TurnRunner } from './turns.ts';

/** After a restart, conversations parked on a delay, or waiting on an ask with a time-out, get their timers back. */
export async function recoverDelays(pool: Pool, conversations: ConversationCache, runner: TurnRunner, log: (line: string) => void): Promise<void> {
  const parked = await pool.query<{ flow_id: string; channel: string; external_id: string; resume_at: Date | null }>(
    `SELECT flow_id, channel, external_id, resume_at FROM conversations WHERE status = 'delayed'`,
  );
  for (const row of parked.rows) {
    const conversation = await conversations.get(row.flow_id, row.channel, row.external_id);
    runner.scheduleDelay(conversation, row.resume_at?.getTime() ?? Date.now());
  }
  const asking = await pool.query<{ flow_id: string; channel: string; external_id: string }>(
    `SELECT flow_id, channel, external_id FROM conversations WHERE status = 'waiting' AND resume_at IS NOT NULL`,
  );
  for (const row of asking.rows) {
    const conversation = await conversations.get(row.flow_id, row.channel, row.external_id);
    const waiting = conversation.state.waiting;
    if (waiting?.resumeAt !== undefined) runner.scheduleTimeout(conversation, { runId: waiting.runId, resumeAt: waiting.resumeAt });
  }
  const count = parked.rows.length + asking.rows.length;
  if (count > 0) log(`resumed timers of ${count} conversation(s) waiting on a delay or a time-out`);
}
