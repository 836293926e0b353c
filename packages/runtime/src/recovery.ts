import type { Pool } from 'pg';
import type { ConversationCache } from './conversations.ts';
import type { TurnRunner } from './turns.ts';

/** After a restart, conversations parked on a delay get their timers back. */
export async function recoverDelays(pool: Pool, conversations: ConversationCache, runner: TurnRunner, log: (line: string) => void): Promise<void> {
  const parked = await pool.query<{ flow_id: string; channel: string; external_id: string; resume_at: Date | null }>(
    `SELECT flow_id, channel, external_id, resume_at FROM conversations WHERE status = 'delayed'`,
  );
  for (const row of parked.rows) {
    const conversation = await conversations.get(row.flow_id, row.channel, row.external_id);
    runner.scheduleDelay(conversation, row.resume_at?.getTime() ?? Date.now());
  }
  if (parked.rows.length > 0) log(`resumed timers of ${parked.rows.length} delayed conversation(s)`);
}
