import type { Pool } from 'pg';
import type { FlowListItem, RunStatus } from './service.ts';

interface ListRow {
  id: string;
  name: string;
  description: string | null;
  draft_revision: number;
  created_at: Date;
  updated_at: Date;
  published_version: number | null;
  channels: { id: string; name: string; type: string; status: string }[];
  last_run_id: string | null;
  last_run_status: string | null;
  last_run_started_at: Date | null;
}

/**
 * The whole list in one statement. Channels are grouped once for all flows. The newest run is looked up
 * per published version through the runs (flow_version_id, started_at) index: every run of a flow's
 * conversations ran one of its versions, so this finds the same run as scanning the conversations,
 * with one index probe per version instead of a read of every run.
 */
const LIST_SQL = `
SELECT f.id, f.name, f.description, f.draft_revision, f.created_at, f.updated_at,
       pv.version AS published_version,
       COALESCE(ch.channels, '[]'::json) AS channels,
       lr.id AS last_run_id, lr.status AS last_run_status, lr.started_at AS last_run_started_at
  FROM flows f
  LEFT JOIN flow_versions pv ON pv.id = f.published_version_id
  LEFT JOIN (
    SELECT flow_id, json_agg(json_build_object('id', id, 'name', name, 'type', type, 'status', status) ORDER BY name, id) AS channels
      FROM channels WHERE flow_id IS NOT NULL GROUP BY flow_id
  ) ch ON ch.flow_id = f.id
  LEFT JOIN LATERAL (
    SELECT r.id, r.status, r.started_at
      FROM flow_versions v
      CROSS JOIN LATERAL (
        SELECT id, status, started_at FROM runs WHERE flow_version_id = v.id ORDER BY started_at DESC LIMIT 1
      ) r
     WHERE v.flow_id = f.id
     ORDER BY r.started_at DESC, r.id DESC
     LIMIT 1
  ) lr ON true
 ORDER BY f.updated_at DESC, f.id DESC`;

function runStatus(value: string): RunStatus {
  return value === 'running' || value === 'waiting' || value === 'failed' ? value : 'completed';
}

export async function listFlowItems(pool: Pool): Promise<FlowListItem[]> {
  const { rows } = await pool.query<ListRow>(LIST_SQL);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    publishedVersion: row.published_version,
    draftRevision: row.draft_revision,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    channels: row.channels,
    lastRun:
      row.last_run_id === null || row.last_run_status === null || row.last_run_started_at === null
        ? null
        : { id: row.last_run_id, status: runStatus(row.last_run_status), startedAt: row.last_run_started_at.toISOString() },
  }));
}
