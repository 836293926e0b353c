// The "Respond to webhook" node: a webhook call answered synchronously with the body the flow chose
// (benchmark W1 is this flow), stored with the conversation like any reply.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './test-api.ts';

let api: TestApi;
let flowId: string;

beforeAll(async () => {
  api = await startTestApi();
  const document: unknown = JSON.parse(await readFile(join(import.meta.dirname, '../../../../bench/flows/w1-rules.json'), 'utf8'));
  const created = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: JSON.stringify(document), headers: { 'content-type': 'application/json' } });
  flowId = created.json<{ id: string }>().id;
  expect((await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flowId}/publish` })).statusCode).toBe(201);
}, 120_000);
afterAll(async () => {
  await api.close();
});

async function call(chatId: string, text: string) {
  return api.app.inject({ method: 'POST', url: `/api/v1/flows/${flowId}/webhook`, headers: { 'x-conversation-id': chatId }, payload: { chatId, userId: 'u1', text } });
}

describe('webhook.respond', () => {
  it('answers the call with the JSON the flow built, escaped whatever the text holds', async () => {
    const answer = await call('chat-1', 'hi "there" \\ you');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.json()).toEqual({ reply: 'You said: HI "THERE" \\ YOU' });
    expect((await call('chat-1', 'I need help')).json()).toEqual({ reply: 'How can I help?' });
  });

  it('stores the answer with the conversation like a reply', async () => {
    await call('chat-2', 'remember me');
    const list = await api.app.inject({ method: 'GET', url: `/api/v1/conversations?flowId=${flowId}` });
    const conversation = list.json<{ items: { id: string; externalId: string }[] }>().items.find((item) => item.externalId === 'chat-2');
    const messages = await api.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation?.id ?? ''}/messages` });
    expect(messages.json<{ items: { direction: string; text: string }[] }>().items.map((message) => [message.direction, message.text])).toEqual([
      ['in', 'remember me'],
      ['out', '{"reply":"You said: REMEMBER ME"}'],
    ]);
  });

  it('says what to fix when the body template does not give JSON', async () => {
    const broken = {
      schemaVersion: 1,
      name: 'Broken respond',
      nodes: [
        { id: 'in', type: 'trigger.webhook', typeVersion: 1, config: {} },
        { id: 'out', type: 'webhook.respond', typeVersion: 1, config: { body: '{"reply": {{ message.text }}}' } },
      ],
      edges: [{ id: 'e1', source: 'in', sourcePort: 'body', target: 'out', targetPort: 'in' }],
    };
    const created = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: broken });
    const id = created.json<{ id: string }>().id;
    await api.app.inject({ method: 'POST', url: `/api/v1/flows/${id}/publish` });
    const answer = await api.app.inject({ method: 'POST', url: `/api/v1/flows/${id}/webhook`, payload: { text: 'not json' } });
    const result = answer.json<{ status: string; error?: { nodeId?: string; message: string } }>();
    expect(result.status).toBe('failed');
    expect(result.error?.nodeId).toBe('out');
    expect(result.error?.message).toContain('the body is not JSON');
  });
});
