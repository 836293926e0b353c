import type { Pool } from 'pg';
import { requireUuid } from './errors.ts';
import type { UsageRowView } from './service.ts';

interface Row {
  flow_id: string;
  flow_name: string;
  day: string;
  model: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

/** usage_daily over the last `days` UTC days (today included), newest day first. */
export async function listUsage(pool: Pool, filter: { days: number; flowId?: string }): Promise<UsageRowView[]> {
  if (filter.flowId !== undefined) requireUuid('flow', filter.flowId);
  const result = await pool.query<Row>(
    `SELECT u.flow_id, f.name AS flow_name, to_char(u.day, 'YYYY-MM-DD') AS day, u.model, u.calls,
       u.input_tokens::float8 AS input_tokens, u.output_tokens::float8 AS output_tokens, u.cost_usd
     FROM usage_daily u JOIN flows f ON f.id = u.flow_id
     WHERE u.day > (now() AT TIME ZONE 'UTC')::date - $1::int AND ($2::uuid IS NULL OR u.flow_id = $2::uuid)
     ORDER BY u.day DESC, f.name, u.flow_id, u.model`,
    [filter.days, filter.flowId ?? null],
  );
  return result.rows.map((row) => ({
    flowId: row.flow_id,
    flowName: row.flow_name,
    day: row.day,
    model: row.model,
    calls: row.calls,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costUsd: row.cost_usd,
  }));
}
