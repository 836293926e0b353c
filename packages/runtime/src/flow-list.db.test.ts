import { openTestDatabase } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db';
import { newId } from '@switchboard/flow-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFlowItems } from './flow-list.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
}, 120_000);
afterAll(async () => {
  await database.dispose();
});

async function flow(name: string, updatedAt: string): Promise<string> {
  const id = newId();
  await database.pool.query(`INSERT INTO flows (id, name, draft, updated_at) VALUES ($1, $2, '{}', $3)`, [id, name, updatedAt]);
  return id;
}

async function version(flowId: string, number: number, published: boolean): Promise<string> {
  const id = newId();
  await database.pool.query(`INSERT INTO flow_versions (id, flow_id, version, document) VALUES ($1, $2, $3, '{}')`, [id, flowId, number]);
  if (published) await database.pool.query('UPDATE flows SET published_version_id = $1 WHERE id = $2', [id, flowId]);
  return id;
}

async function conversation(flowId: string, externalId: string): Promise<string> {
  const id = newId();
  await database.pool.query(`INSERT INTO conversations (id, flow_id, channel, external_id, status) VALUES ($1, $2, 'api', $3, 'active')`, [id, flowId, externalId]);
  return id;
}

async function run(conversationId: string, versionId: string, status: string, startedAt: string): Promise<string> {
  const id = newId();
  await database.pool.query('INSERT INTO runs (id, conversation_id, flow_version_id, status, started_at) VALUES ($1, $2, $3, $4, $5)', [
    id,
    conversationId,
    versionId,
    status,
    startedAt,
  ]);
  return id;
}

async function channel(flowId: string | null, name: string, type: string): Promise<string> {
  const id = newId();
  await database.pool.query(`INSERT INTO channels (id, name, type, flow_id, config, status) VALUES ($1, $2, $3, $4, '{}', 'active')`, [id, name, type, flowId]);
  return id;
}

describe('the flows list query', () => {
  it('gives each flow its published version, bound channels and newest run, most recently updated first', async () => {
    const quiet = await flow('Quiet', '2026-11-20T10:00:00Z');
    const busy = await flow('Busy', '2026-11-21T10:00:00Z');
    const other = await flow('Other', '2026-11-19T10:00:00Z');

    // Busy: two versions (v2 live), runs on both across two conversations; the newest ran the old version.
    const v1 = await version(busy, 1, false);
    const v2 = await version(busy, 2, true);
    const a = await conversation(busy, 'a');
    const b = await conversation(busy, 'b');
    await run(a, v2, 'completed', '2026-11-22T08:00:00Z');
    const newest = await run(b, v1, 'failed', '2026-11-22T09:30:00Z');
    await run(a, v2, 'waiting', '2026-11-22T09:00:00Z');
    // Another flow's later run must not count for Busy.
    const otherVersion = await version(other, 1, true);
    await run(await conversation(other, 'x'), otherVersion, 'completed', '2026-11-23T00:00:00Z');

    const telegram = await channel(busy, 'Support bot', 'telegram');
    const slack = await channel(busy, 'Help desk', 'slack');
    await channel(null, 'Unbound', 'discord');

    const items = await listFlowItems(database.pool);
    expect(items.map((item) => item.name)).toEqual(['Busy', 'Quiet', 'Other']);
    const [busyItem, quietItem, otherItem] = items;
    expect(busyItem).toMatchObject({
      id: busy,
      publishedVersion: 2,
      draftRevision: 1,
      lastRun: { id: newest, status: 'failed', startedAt: '2026-11-22T09:30:00.000Z' },
      channels: [
        { id: slack, name: 'Help desk', type: 'slack', status: 'active' },
        { id: telegram, name: 'Support bot', type: 'telegram', status: 'active' },
      ],
    });
    expect(quietItem).toMatchObject({ id: quiet, publishedVersion: null, lastRun: null, channels: [] });
    expect(otherItem).toMatchObject({ publishedVersion: 1, channels: [], lastRun: { status: 'completed' } });
  });

  it('finds the newest run through the runs (flow_version_id, started_at) index', async () => {
    const plan = await database.pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT id FROM runs WHERE flow_version_id = '00000000-0000-4000-8000-000000000000' ORDER BY started_at DESC LIMIT 1`,
    );
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('runs_flow_version_id_started_at_idx');
  });
});
