// The web chat channel through the API: a browser's message answered as NDJSON, the visitor's
// history, CORS by the channel's allowed origins, and the trigger's rate limit.
import type { ChannelView, FlowDetail } from '@switchboard/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestApi, type ErrorAnswer, type TestApi } from './test-api.ts';
import type { WebchatHistoryEntry } from './webchat.ts';

let api: TestApi;
let channel: ChannelView;

const flow = {
  schemaVersion: 1,
  name: 'Web echo',
  nodes: [
    { id: 'web', type: 'trigger.webchat', typeVersion: 1, config: { rateLimit: 4 } },
    { id: 'echo', type: 'conversation.reply', typeVersion: 1, config: { text: 'You said: **{{ message.text }}**' } },
  ],
  edges: [{ id: 'e1', source: 'web', sourcePort: 'text', target: 'echo', targetPort: 'in' }],
};

beforeAll(async () => {
  api = await startTestApi();
  const created = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: flow });
  const flowId = created.json<FlowDetail>().id;
  expect((await api.app.inject({ method: 'POST', url: `/api/v1/flows/${flowId}/publish` })).statusCode).toBe(201);
  const made = await api.app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    payload: { type: 'webchat', name: 'Site chat', flowId, config: { title: 'Ask us', greeting: 'Hi! How can we help?', allowedOrigins: ['https://shop.example.com/'] } },
  });
  expect(made.statusCode).toBe(201);
  channel = made.json<ChannelView>();
}, 120_000);

afterAll(async () => {
  await api.close();
});

function send(visitorId: string, text: string, messageId: string, headers: Record<string, string> = {}) {
  return api.app.inject({ method: 'POST', url: `/api/v1/channels/${channel.id}/webchat/messages`, headers, payload: { visitorId, text, messageId } });
}

const Line = z.looseObject({ type: z.string() });

function lines(body: string): z.infer<typeof Line>[] {
  return body.trim().split('\n').map((line) => Line.parse(JSON.parse(line)));
}

describe('a web chat channel', () => {
  it('starts without a credential and keeps its settings', () => {
    expect(channel.credentialId).toBeNull();
    expect(channel.status.state).toBe('listening');
    expect(channel.config).toEqual({ title: 'Ask us', greeting: 'Hi! How can we help?', allowedOrigins: ['https://shop.example.com'] });
  });

  it('tells the page its title and greeting', async () => {
    const res = await api.app.inject({ method: 'GET', url: `/api/v1/channels/${channel.id}/webchat` });
    expect(res.json()).toEqual({ id: channel.id, title: 'Ask us', greeting: 'Hi! How can we help?', live: true });
  });

  it('answers a message as NDJSON: node events, then the result with the replies', async () => {
    const res = await send('visitor-one', 'hello', 'm1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const events = lines(res.body);
    expect(events.some((event) => event.type === 'node.started')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'result', status: 'completed', replies: [{ text: 'You said: **hello**' }] });
  });

  it('answers a repeated message id from the first delivery, without running again', async () => {
    const again = lines((await send('visitor-one', 'hello', 'm1')).body).at(-1);
    expect(again).toMatchObject({ type: 'result', duplicate: true, replies: [{ text: 'You said: **hello**' }] });
  });

  it('returns the visitor\'s conversation so far, and nothing of other visitors', async () => {
    await send('visitor-one', 'and again', 'm2');
    await send('visitor-two', 'someone else', 'm1');
    const res = await api.app.inject({ method: 'GET', url: `/api/v1/channels/${channel.id}/webchat/history?visitorId=visitor-one` });
    expect(res.statusCode).toBe(200);
    const { messages } = res.json<{ messages: WebchatHistoryEntry[] }>();
    expect(messages.map((message) => [message.role, message.text])).toEqual([
      ['user', 'hello'],
      ['bot', 'You said: **hello**'],
      ['user', 'and again'],
      ['bot', 'You said: **and again**'],
    ]);
    const stranger = await api.app.inject({ method: 'GET', url: `/api/v1/channels/${channel.id}/webchat/history?visitorId=visitor-new` });
    expect(stranger.json()).toEqual({ messages: [] });
  });

  it('refuses a bad visitor id with 400', async () => {
    const res = await send('a:b', 'hi', 'm1');
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorAnswer>().error.message).toContain('visitorId');
  });

  it('answers 404 for an unknown channel, and for a channel that is not a web chat', async () => {
    const unknown = await api.app.inject({ method: 'POST', url: '/api/v1/channels/00000000-0000-4000-8000-000000000000/webchat/messages', payload: { visitorId: 'visitor-one', text: 'hi', messageId: 'x' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<ErrorAnswer>().error.code).toBe('not_found');
    const history = await api.app.inject({ method: 'GET', url: '/api/v1/channels/not-a-uuid/webchat/history?visitorId=visitor-one' });
    expect(history.statusCode).toBe(404);
  });

  it('lets an allowed origin and its own origin in, and refuses a foreign one before running', async () => {
    const allowed = await send('visitor-cors', 'from the shop', 'c1', { origin: 'https://shop.example.com' });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    const own = await send('visitor-cors', 'from here', 'c2', { origin: 'http://localhost:80', host: 'localhost:80' });
    expect(own.statusCode).toBe(200);

    const foreign = await send('visitor-cors', 'from elsewhere', 'c3', { origin: 'https://evil.example.net' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect(foreign.json<ErrorAnswer>().error.code).toBe('origin_not_allowed');
    const preflight = await api.app.inject({ method: 'OPTIONS', url: `/api/v1/channels/${channel.id}/webchat/messages`, headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(403);
    const allowedPreflight = await api.app.inject({ method: 'OPTIONS', url: `/api/v1/channels/${channel.id}/webchat/messages`, headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' } });
    expect(allowedPreflight.statusCode).toBe(204);
    expect(allowedPreflight.headers['access-control-allow-headers']).toBe('content-type');

    const { messages } = (await api.app.inject({ method: 'GET', url: `/api/v1/channels/${channel.id}/webchat/history?visitorId=visitor-cors` })).json<{ messages: WebchatHistoryEntry[] }>();
    expect(messages.map((message) => message.text)).not.toContain('from elsewhere');
  });

  it('applies the trigger\'s rate limit: 429 with the reply and Retry-After', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await send('visitor-fast', `message ${index}`, `r${index}`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const over = await send('visitor-fast', 'one too many', 'r4');
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toMatch(/^\d+$/);
    expect(over.json<ErrorAnswer>().error).toMatchObject({ code: 'rate_limited', message: 'You are sending messages too quickly. Please wait a moment and try again.' });
    // Other visitors are not held back.
    expect((await send('visitor-slow', 'hi', 's1')).statusCode).toBe(200);
  });
});
