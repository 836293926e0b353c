import type { ChatResult, ConversationSummary, FlowDetail, MessageView, Page, RunView, SpanView } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoFlow, startTestApi, TEST_BODY_LIMIT, type ErrorAnswer, type TestApi } from './test-api.ts';

let api: TestApi;
let flowId: string;
beforeAll(async () => {
  api = await startTestApi();
  const created = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow() });
  flowId = created.json<FlowDetail>().id;
  const published = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flowId}/publish` });
  expect(published.statusCode).toBe(201);
}, 120_000);
afterAll(async () => {
  await api.close();
});

function chat(payload: unknown, query = '', headers: Record<string, string> = {}) {
  return api.app.inject({ method: 'POST', url: `/api/v1/flows/${flowId}/chat${query}`, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json', ...headers } });
}

function ndjsonLines(body: string): unknown[] {
  expect(body.endsWith('\n')).toBe(true);
  return body.trimEnd().split('\n').map((line): unknown => JSON.parse(line));
}

function typeOf(line: unknown): unknown {
  return typeof line === 'object' && line !== null && 'type' in line ? line.type : undefined;
}

describe('chat', () => {
  it('answers a message and remembers its id', async () => {
    const res = await chat({ conversationId: 'c-1', text: 'hello', messageId: 'm-1' });
    expect(res.statusCode).toBe(200);
    const result = res.json<ChatResult>();
    expect(result).toMatchObject({ status: 'completed', duplicate: false });
    expect(result.replies.map((r) => r.text)).toEqual(['You said: hello']);

    const repeat = await chat({ conversationId: 'c-1', text: 'hello', messageId: 'm-1' });
    expect(repeat.json<ChatResult>()).toMatchObject({ runId: result.runId, duplicate: true });
  });

  it('lists the bad fields of an invalid body', async () => {
    const res = await chat({ text: 5, extra: true });
    expect(res.statusCode).toBe(400);
    const { error } = res.json<ErrorAnswer>();
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('conversationId');
    expect(error.message).toContain('text');
    expect(error.message).toContain('extra');
  });

  it('answers 413 naming the limit for an oversized message', async () => {
    const res = await chat({ conversationId: 'c-big', text: 'x'.repeat(TEST_BODY_LIMIT + 1) });
    expect(res.statusCode).toBe(413);
    const { error } = res.json<ErrorAnswer>();
    expect(error.code).toBe('body_too_large');
    expect(error.message).toContain(String(TEST_BODY_LIMIT));
  });

  it('answers 409 for a flow that was never published', async () => {
    const draft = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: echoFlow('Draft only') });
    const res = await api.app.inject({
      method: 'POST',
      url: `/api/v1/flows/${draft.json<FlowDetail>().id}/chat`,
      payload: { conversationId: 'c-2', text: 'hi' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<ErrorAnswer>().error.code).toBe('flow_not_published');
  });

  it('streams the turn as NDJSON ending with the result (?stream=1)', async () => {
    const res = await chat({ conversationId: 'c-3', text: 'stream me' }, '?stream=1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = ndjsonLines(res.body);
    expect(lines.map(typeOf)).toContain('node.started');
    const last = lines.at(-1);
    expect(last).toMatchObject({ type: 'result', status: 'completed', replies: [{ text: 'You said: stream me' }] });
  });

  it('streams when asked through the Accept header', async () => {
    const res = await chat({ conversationId: 'c-4', text: 'hi' }, '', { accept: 'application/x-ndjson' });
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(typeOf(ndjsonLines(res.body).at(-1))).toBe('result');
  });

  it('answers a refused streamed turn with a plain status, before any line', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/flows/00000000-0000-4000-8000-000000000000/chat?stream=1',
      payload: { conversationId: 'c-5', text: 'hi' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorAnswer>().error.code).toMatch(/not_found/);
  });
});

describe('webhook', () => {
  it('runs a webhook turn: a flow with only a chat trigger says so', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: `/api/v1/flows/${flowId}/webhook?conversationId=w-1`,
      payload: { text: 'ping', extra: 1 },
    });
    expect(res.statusCode).toBe(422);
    const { error } = res.json<ErrorAnswer>();
    expect(error.code).toBe('no_trigger');
    expect(error.message).toContain('webhook');
  });
});

describe('conversations and runs', () => {
  it('shows the conversation, its messages, runs and spans', async () => {
    const turn = (await chat({ conversationId: 'c-trace', text: 'trace me' })).json<ChatResult>();

    const list = await api.app.inject({ method: 'GET', url: `/api/v1/conversations?flowId=${flowId}&limit=50` });
    expect(list.statusCode).toBe(200);
    const conversation = list.json<Page<ConversationSummary>>().items.find((c) => c.externalId === 'c-trace');
    expect(conversation?.id).toBe(turn.conversationId); // the result names the conversation by its server id
    const id = turn.conversationId;

    const one = await api.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}` });
    expect(one.json<ConversationSummary>().flowId).toBe(flowId);

    const messages = await api.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}/messages` });
    expect(messages.json<Page<MessageView>>().items.map((m) => m.direction).sort()).toEqual(['in', 'out']);

    const runs = await api.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}/runs` });
    expect(runs.json<Page<RunView>>().items.map((r) => r.id)).toContain(turn.runId);

    const run = await api.app.inject({ method: 'GET', url: `/api/v1/runs/${turn.runId}` });
    expect(run.json<RunView>().status).toBe('completed');

    const spans = await api.app.inject({ method: 'GET', url: `/api/v1/runs/${turn.runId}/spans` });
    expect(spans.json<{ items: SpanView[] }>().items.map((s) => s.nodeId).sort()).toEqual(['in', 'out']);
  });

  it('rejects a bad page size', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/conversations?limit=0' });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorAnswer>().error.message).toContain('limit');
  });
});

describe('ops', () => {
  it('reports the queue figures of the inline dispatcher, and which dispatcher runs in health', async () => {
    const figures = await api.app.inject({ method: 'GET', url: '/api/v1/ops/queues' });
    expect(figures.statusCode).toBe(200);
    expect(figures.json()).toEqual({ mode: 'inline', busyConversations: 0, delayedConversations: 0 });
    const health = await api.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({ status: 'ok', queue: 'inline' });
  });
});
