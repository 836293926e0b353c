import type { ConversationSummary, FlowDetail, Page } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoFlow, startTestApi, type ErrorAnswer, type TestApi } from './test-api.ts';

let api: TestApi;
let echoId: string;
let otherId: string;

async function publishedFlow(name: string): Promise<string> {
  const created = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow(name) });
  const { id } = created.json<FlowDetail>();
  expect((await api.app.inject({ method: 'POST', url: `/api/v1/flows/${id}/publish` })).statusCode).toBe(201);
  return id;
}

beforeAll(async () => {
  api = await startTestApi();
  echoId = await publishedFlow('Echo');
  otherId = await publishedFlow('Other');
  // Channels other than "api" only arrive through adapters, so these go to the service directly.
  await api.service.chat(echoId, { conversationId: 'tg-1', text: 'Order 100% pizza', channel: 'telegram', userId: 'ada' });
  await api.service.chat(echoId, { conversationId: 'api-1', text: 'hello there', channel: 'api', userId: 'bob' });
  await api.service.chat(echoId, { conversationId: 'api-1', text: 'a second PIZZA please', channel: 'api', userId: 'bob' });
  await api.service.chat(otherId, { conversationId: 'api-2', text: 'pizza elsewhere', channel: 'api' });
}, 120_000);
afterAll(async () => {
  await api.close();
});

async function list(query: string): Promise<string[]> {
  const res = await api.app.inject({ method: 'GET', url: `/api/v1/conversations?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page<ConversationSummary>>().items.map((conversation) => conversation.externalId);
}

describe('conversation filters', () => {
  it('lists every conversation newest first without a filter', async () => {
    expect(await list('')).toEqual(['api-2', 'api-1', 'tg-1']);
  });

  it('narrows by flow, channel, user and status, together', async () => {
    expect(await list(`flowId=${echoId}`)).toEqual(['api-1', 'tg-1']);
    expect(await list('channel=telegram')).toEqual(['tg-1']);
    expect(await list('userId=bob')).toEqual(['api-1']);
    expect(await list('status=active')).toEqual(['api-2', 'api-1', 'tg-1']);
    expect(await list('status=failed')).toEqual([]);
    expect(await list(`flowId=${otherId}&channel=api`)).toEqual(['api-2']);
    expect(await list(`flowId=${otherId}&userId=bob`)).toEqual([]);
  });

  it('finds conversations by the text of any message, ignoring case, and treats % and _ literally', async () => {
    expect(await list('text=pizza')).toEqual(['api-2', 'api-1', 'tg-1']);
    expect(await list('text=SECOND')).toEqual(['api-1']);
    expect(await list('text=You%20said%3A%20hello')).toEqual(['api-1']); // replies count too
    expect(await list('text=100%25')).toEqual(['tg-1']);
    expect(await list('text=0_%25')).toEqual([]);
    expect(await list(`text=pizza&flowId=${echoId}&channel=api`)).toEqual(['api-1']);
  });

  it('pages a filtered list with the cursor', async () => {
    const first = await api.app.inject({ method: 'GET', url: '/api/v1/conversations?text=pizza&limit=2' });
    const page = first.json<Page<ConversationSummary>>();
    expect(page.items.map((c) => c.externalId)).toEqual(['api-2', 'api-1']);
    expect(page.nextCursor).not.toBeNull();
    expect(await list(`text=pizza&limit=2&cursor=${page.nextCursor ?? ''}`)).toEqual(['tg-1']);
  });

  it('answers 400 naming each bad filter', async () => {
    const res = await api.app.inject({ method: 'GET', url: `/api/v1/conversations?status=sleeping&text=&colour=red` });
    expect(res.statusCode).toBe(400);
    const { error } = res.json<ErrorAnswer>();
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('status');
    expect(error.message).toContain('text');
    expect(error.message).toContain('colour');
  });
});

describe('the last-activity time filter', () => {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let flowId: string;
  let times: Map<string, string>;

  beforeAll(async () => {
    flowId = await publishedFlow('Timed');
    // A few milliseconds apart, so each conversation's last activity is its own instant.
    for (const id of ['early', 'middle', 'late']) {
      await api.service.chat(flowId, { conversationId: id, text: 'hi' });
      await pause(15);
    }
    const res = await api.app.inject({ method: 'GET', url: `/api/v1/conversations?flowId=${flowId}` });
    times = new Map(res.json<Page<ConversationSummary>>().items.map((c) => [c.externalId, c.updatedAt]));
  });

  const at = (id: string) => encodeURIComponent(times.get(id) ?? '');

  it('keeps conversations last active from `from` to `to`, both included', async () => {
    expect(await list(`flowId=${flowId}&from=${at('middle')}`)).toEqual(['late', 'middle']);
    expect(await list(`flowId=${flowId}&to=${at('middle')}`)).toEqual(['middle', 'early']);
    expect(await list(`flowId=${flowId}&from=${at('middle')}&to=${at('middle')}`)).toEqual(['middle']);
    expect(await list(`flowId=${flowId}&from=${at('early')}&to=${at('late')}`)).toEqual(['late', 'middle', 'early']);
  });

  it('reads an instant with any time zone offset as the same instant', async () => {
    const middle = new Date(times.get('middle') ?? '');
    // The same instant written two hours ahead of UTC.
    const shifted = new Date(middle.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    expect(await list(`flowId=${flowId}&from=${encodeURIComponent(shifted)}`)).toEqual(['late', 'middle']);
  });

  it('combines with the other filters and pages', async () => {
    const res = await api.app.inject({ method: 'GET', url: `/api/v1/conversations?flowId=${flowId}&from=${at('early')}&limit=2` });
    const first = res.json<Page<ConversationSummary>>();
    expect(first.items.map((c) => c.externalId)).toEqual(['late', 'middle']);
    expect(await list(`flowId=${flowId}&from=${at('early')}&limit=2&cursor=${first.nextCursor ?? ''}`)).toEqual(['early']);
    expect(await list(`flowId=${echoId}&from=${at('early')}`)).toEqual([]);
  });

  it('answers 400 with the expected format for a bad date, and for `to` before `from`', async () => {
    for (const bad of ['yesterday', '2026-13-01T00:00:00Z', '2026-01-31', '2026-01-31T09:00:00']) {
      const res = await api.app.inject({ method: 'GET', url: `/api/v1/conversations?from=${encodeURIComponent(bad)}` });
      expect(res.statusCode, bad).toBe(400);
      const { error } = res.json<ErrorAnswer>();
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain('from: expected an ISO 8601 date-time with a time zone, e.g. 2026-01-31T09:00:00Z');
    }
    const reversed = await api.app.inject({ method: 'GET', url: `/api/v1/conversations?from=${at('late')}&to=${at('early')}` });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json<ErrorAnswer>().error.message).toContain('to: must not be before `from`');
  });
});
