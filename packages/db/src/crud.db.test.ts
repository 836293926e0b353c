import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from './generated/prisma/client.ts';
import { newId } from '@switchboard/flow-schema';
import { openTestDatabase, type TestDatabase } from './testing.ts';

const doc = { schemaVersion: 1, nodes: [{ id: 'n1', type: 'logic.echo', config: { text: 'héllo ✓' } }], edges: [] };

/** A flow, a published version and a conversation on it: what most rows hang from. */
async function seed(prisma: PrismaClient) {
  const flow = await prisma.flow.create({ data: { id: newId(), name: 'Support bot', draft: doc } });
  const version = await prisma.flowVersion.create({ data: { id: newId(), flowId: flow.id, version: 1, document: doc } });
  const conversation = await prisma.conversation.create({
    data: { id: newId(), flowId: flow.id, channel: 'telegram', externalId: `chat-${newId()}`, status: 'active' },
  });
  return { flow, version, conversation };
}

describe('Prisma round trips', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  }, 120_000);
  afterAll(() => db.dispose());

  it('flows: Json draft, optional columns, timestamps, updatedAt', async () => {
    const id = newId();
    const created = await db.prisma.flow.create({ data: { id, name: 'A', draft: doc } });
    expect(created).toMatchObject({ id, name: 'A', description: null, draft: doc, publishedVersionId: null });
    expect(created.createdAt).toBeInstanceOf(Date);
    const versionId = newId();
    const updated = await db.prisma.flow.update({ where: { id }, data: { description: 'd', publishedVersionId: versionId } });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    expect(await db.prisma.flow.findUniqueOrThrow({ where: { id } })).toMatchObject({ description: 'd', publishedVersionId: versionId, draft: doc });
    await db.prisma.flow.delete({ where: { id } });
    expect(await db.prisma.flow.findUnique({ where: { id } })).toBeNull();
  });

  it('flow versions: unique (flow_id, version)', async () => {
    const { flow, version } = await seed(db.prisma);
    expect((await db.prisma.flowVersion.findUniqueOrThrow({ where: { flowId_version: { flowId: flow.id, version: 1 } } })).id).toBe(version.id);
    await expect(db.prisma.flowVersion.create({ data: { id: newId(), flowId: flow.id, version: 1, document: doc } })).rejects.toMatchObject({ code: 'P2002' });
  });

  it('conversations: default state, timestamptz, unique (flow_id, channel, external_id)', async () => {
    const { flow, conversation } = await seed(db.prisma);
    expect(conversation.state).toEqual({});
    const resumeAt = new Date('2030-01-02T03:04:05.678Z');
    const waiting = await db.prisma.conversation.update({
      where: { id: conversation.id },
      data: { status: 'waiting', waitingNodeId: 'ask-1', resumeAt, state: { vars: { name: 'Zoë' } }, userId: 'u1' },
    });
    expect(waiting).toMatchObject({ status: 'waiting', waitingNodeId: 'ask-1', resumeAt, state: { vars: { name: 'Zoë' } }, userId: 'u1' });
    const due = await db.prisma.conversation.findMany({ where: { status: 'waiting', resumeAt: { lte: new Date('2031-01-01') } } });
    expect(due.map((c) => c.id)).toContain(conversation.id);
    await expect(
      db.prisma.conversation.create({ data: { id: newId(), flowId: flow.id, channel: 'telegram', externalId: conversation.externalId, status: 'active' } }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });

  it('messages: Json data, unique (conversation_id, dedupe_key), NULL keys never collide, ordered by id', async () => {
    const { conversation } = await seed(db.prisma);
    const data = { platform: { update_id: 42 }, attachments: [{ kind: 'photo', bytes: 12 }] };
    const first = await db.prisma.message.create({ data: { id: newId(), conversationId: conversation.id, direction: 'in', text: 'hi', data, dedupeKey: 'tg:42' } });
    expect(first.data).toEqual(data);
    await expect(
      db.prisma.message.create({ data: { id: newId(), conversationId: conversation.id, direction: 'in', text: 'hi again', dedupeKey: 'tg:42' } }),
    ).rejects.toMatchObject({ code: 'P2002' });
    for (const text of ['a', 'b', 'c']) {
      await db.prisma.message.create({ data: { id: newId(), conversationId: conversation.id, direction: 'out', text, nodeId: 'reply' } });
    }
    const timeline = await db.prisma.message.findMany({ where: { conversationId: conversation.id }, orderBy: { id: 'asc' } });
    expect(timeline.map((m) => m.text)).toEqual(['hi', 'a', 'b', 'c']);
  });

  it('runs and spans: defaults, Json error/usage, Boolean truncated', async () => {
    const { version, conversation } = await seed(db.prisma);
    const run = await db.prisma.run.create({ data: { id: newId(), conversationId: conversation.id, flowVersionId: version.id, status: 'running' } });
    expect(run).toMatchObject({ steps: 0, error: null, finishedAt: null, durationMs: null });
    const startedAt = new Date();
    await db.prisma.span.createMany({
      data: [
        { id: newId(), runId: run.id, nodeId: 'llm', nodeType: 'llm.chat', status: 'ok', attempt: 1, startedAt, durationMs: 812, input: { prompt: 'x' }, output: { text: 'y' }, usage: { inputTokens: 10, costUsd: 0.0012 } },
        { id: newId(), runId: run.id, nodeId: 'loop', nodeType: 'logic.loop', status: 'error', attempt: 2, iteration: '2.0', startedAt, durationMs: 3, error: { message: 'boom' }, truncated: true },
      ],
    });
    const spans = await db.prisma.span.findMany({ where: { runId: run.id }, orderBy: { attempt: 'asc' } });
    expect(spans.map((s) => [s.status, s.truncated, s.iteration])).toEqual([['ok', false, null], ['error', true, '2.0']]);
    expect(spans[0]?.usage).toEqual({ inputTokens: 10, costUsd: 0.0012 });
    const finished = await db.prisma.run.update({ where: { id: run.id }, data: { status: 'failed', error: { node: 'loop', message: 'boom' }, steps: 2, finishedAt: new Date(), durationMs: 815 } });
    expect(finished).toMatchObject({ status: 'failed', error: { node: 'loop', message: 'boom' }, steps: 2, durationMs: 815 });
  });

  it('credentials and channels: Bytes round trip, optional relations', async () => {
    const secret = Uint8Array.from([0, 1, 2, 254, 255, 0]);
    const credential = await db.prisma.credential.create({ data: { id: newId(), name: 'bot token', type: 'telegram', secret } });
    const read = await db.prisma.credential.findUniqueOrThrow({ where: { id: credential.id } });
    expect(Buffer.from(read.secret).equals(Buffer.from(secret))).toBe(true);
    const channel = await db.prisma.channel.create({
      data: { id: newId(), name: 'tg', type: 'telegram', config: { mode: 'polling' }, credentialId: credential.id, status: 'stopped' },
    });
    expect(channel).toMatchObject({ flowId: null, credentialId: credential.id, config: { mode: 'polling' } });
  });

  it('settings: text primary key, Json values of any shape, upsert', async () => {
    for (const value of [1, 'two', [3], { four: 4 }, true]) {
      await db.prisma.setting.upsert({ where: { key: 'k' }, create: { key: 'k', value }, update: { value } });
      expect((await db.prisma.setting.findUniqueOrThrow({ where: { key: 'k' } })).value).toEqual(value);
    }
  });
});

describe('deletes', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  }, 120_000);
  afterAll(() => db.dispose());

  it('deleting a flow removes its versions, conversations, messages, runs and spans; channels are kept, unbound', async () => {
    const { flow, version, conversation } = await seed(db.prisma);
    const run = await db.prisma.run.create({ data: { id: newId(), conversationId: conversation.id, flowVersionId: version.id, status: 'completed' } });
    await db.prisma.span.create({ data: { id: newId(), runId: run.id, nodeId: 'n', nodeType: 't', status: 'ok', attempt: 1, startedAt: new Date(), durationMs: 1 } });
    await db.prisma.message.create({ data: { id: newId(), conversationId: conversation.id, direction: 'in', text: 'x' } });
    const channel = await db.prisma.channel.create({ data: { id: newId(), name: 'c', type: 'webchat', flowId: flow.id, config: {}, status: 'live' } });

    await db.prisma.flow.delete({ where: { id: flow.id } });

    const counts = await Promise.all([
      db.prisma.flowVersion.count({ where: { flowId: flow.id } }),
      db.prisma.conversation.count({ where: { flowId: flow.id } }),
      db.prisma.message.count({ where: { conversationId: conversation.id } }),
      db.prisma.run.count({ where: { id: run.id } }),
      db.prisma.span.count({ where: { runId: run.id } }),
    ]);
    expect(counts).toEqual([0, 0, 0, 0, 0]);
    expect((await db.prisma.channel.findUniqueOrThrow({ where: { id: channel.id } })).flowId).toBeNull();
  });

  it('deleting a flow version removes the runs that executed it', async () => {
    const { version, conversation } = await seed(db.prisma);
    const run = await db.prisma.run.create({ data: { id: newId(), conversationId: conversation.id, flowVersionId: version.id, status: 'completed' } });
    await db.prisma.flowVersion.delete({ where: { id: version.id } });
    expect(await db.prisma.run.count({ where: { id: run.id } })).toBe(0);
    expect(await db.prisma.conversation.count({ where: { id: conversation.id } })).toBe(1);
  });

  it('deleting a credential unbinds its channels', async () => {
    const credential = await db.prisma.credential.create({ data: { id: newId(), name: 'k', type: 'slack', secret: Uint8Array.from([1]) } });
    const channel = await db.prisma.channel.create({ data: { id: newId(), name: 's', type: 'slack', config: {}, credentialId: credential.id, status: 'live' } });
    await db.prisma.credential.delete({ where: { id: credential.id } });
    expect((await db.prisma.channel.findUniqueOrThrow({ where: { id: channel.id } })).credentialId).toBeNull();
  });

  it('deleting a conversation removes its messages, runs and spans', async () => {
    const { version, conversation } = await seed(db.prisma);
    const run = await db.prisma.run.create({ data: { id: newId(), conversationId: conversation.id, flowVersionId: version.id, status: 'completed' } });
    await db.prisma.span.create({ data: { id: newId(), runId: run.id, nodeId: 'n', nodeType: 't', status: 'ok', attempt: 1, startedAt: new Date(), durationMs: 1 } });
    await db.prisma.conversation.delete({ where: { id: conversation.id } });
    expect(await db.prisma.span.count({ where: { runId: run.id } })).toBe(0);
    expect(await db.prisma.flowVersion.count({ where: { id: version.id } })).toBe(1);
  });
});
