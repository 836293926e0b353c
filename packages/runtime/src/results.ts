import type { Pool } from 'pg';
import type { ChatResult, RunStatus } from './service.ts';

function runStatus(value: string | undefined): RunStatus {
  return value === 'waiting' || value === 'failed' || value === 'running' ? value : 'completed';
}

/** A finished turn's answer as stored: its run's status and error, and the replies it sent. */
export async function storedResult(pool: Pool, conversationId: string, runId: string): Promise<ChatResult> {
  const found = await pool.query<{ run: { status: string; error: { nodeId?: string; message: string } | null } | null; replies: { id: string; node_id: string | null; text: string; data: unknown }[] }>(
    `SELECT (SELECT json_build_object('status', status, 'error', error) FROM runs WHERE id = $2) AS run,
            COALESCE((SELECT json_agg(json_build_object('id', id, 'node_id', node_id, 'text', text, 'data', data) ORDER BY id)
              FROM messages WHERE conversation_id = $1 AND run_id = $2 AND direction = 'out'), '[]') AS replies`,
    [conversationId, runId],
  );
  const row = found.rows[0];
  const error = row?.run?.error ?? undefined;
  return {
    runId,
    conversationId,
    status: runStatus(row?.run?.status),
    replies: (row?.replies ?? []).map((reply) => ({ id: reply.id, nodeId: reply.node_id ?? '', text: reply.text, ...(reply.data === null ? {} : { data: reply.data }) })),
    ...(error ? { error } : {}),
    duplicate: false,
  };
}
