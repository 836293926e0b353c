// The generic webhook channel end to end: another system POSTs messages to the channel's webhook,
// the flow runs, and each reply is POSTed (signed, retried) to a callback URL served here by node:http.
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { text as readText } from 'node:stream/consumers';
import type { ChannelView, ConversationSummary, MessageView, Page, RunView } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startListeningApi, type ListeningApi } from './test-api.ts';

const SIGNED_SECRET = 'signing-secret-for-the-webhook-channel-test';
const SHARED_SECRET = 'shared-secret-for-the-webhook-channel-test';

/** What the channel POSTs to a callback URL. */
const Reply = z.object({
  messageId: z.string(),
  chatId: z.string(),
  userId: z.string().nullable(),
  text: z.string(),
  data: z.unknown(),
  inReplyTo: z.string().nullable(),
});
type Reply = z.output<typeof Reply>;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status this request was answered with. */
  status: number;
  at: number;
}

interface Receiver {
  url: string;
  requests: Received[];
  /** Answers the next requests to `path` with these, in order; then 200. */
  script(path: string, ...answers: { status: number; headers?: Record<string, string> }[]): void;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  const scripts = new Map<string, { status: number; headers?: Record<string, string> }[]>();
  const server: Server = createServer((req, res) => {
    void readText(req).then((body) => {
      const path = req.url ?? '/';
      const answer = scripts.get(path)?.shift() ?? { status: 200 };
      requests.push({ path, headers: req.headers, body, status: answer.status, at: Date.now() });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the receiver has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    script: (path, ...answers) => {
      scripts.set(path, [...(scripts.get(path) ?? []), ...answers]);
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        resolve();
      });
    }),
  };
}

let receiver: Receiver;
let app: FastifyInstance;
let api: ListeningApi;
let flowId: string;

/** trigger.chat takes the channel's messages: every one of them is a direct message. */
const flow = {
  schemaVersion: 1,
  name: 'Webhook echo',
  nodes: [
    { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
    { id: 'echo', type: 'conversation.reply', typeVersion: 1, config: { text: 'You said: {{ message.text }}', buttons: [{ label: 'Again', value: 'again' }] } },
  ],
  edges: [{ id: 'e1', source: 'in', sourcePort: 'text', target: 'echo', targetPort: 'in' }],
};

beforeAll(async () => {
  receiver = await startReceiver();
  api = await startListeningApi();
  ({ app } = api);
  flowId = await api.publish(flow);
}, 120_000);

afterAll(async () => {
  await api.close();
  await receiver.close();
});

async function createChannel(name: string, secret: string, config: Record<string, unknown>): Promise<ChannelView> {
  const credential = await app.inject({ method: 'POST', url: '/api/v1/credentials', payload: { name: `${name} secret`, type: 'webhook', secret: { secret } } });
  expect(credential.statusCode).toBe(201);
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    payload: { name, type: 'webhook', flowId, credentialId: credential.json<{ id: string }>().id, config },
  });
  expect(created.statusCode).toBe(201);
  return created.json<ChannelView>();
}

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

function signed(body: string, secret = SIGNED_SECRET, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return { 'content-type': 'application/json', 'x-switchboard-signature': `t=${timestamp},v1=${hmac(secret, timestamp, body)}` };
}

async function post(channel: ChannelView, body: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(channel.webhookPath, app.listeningOrigin), { method: 'POST', body, headers });
  return { status: response.status, body: await response.json() };
}

async function conversationsOf(channelId: string): Promise<ConversationSummary[]> {
  const page = (await app.inject({ method: 'GET', url: '/api/v1/conversations?channel=webhook&limit=500' })).json<Page<ConversationSummary>>();
  return page.items.filter((conversation) => conversation.externalId.startsWith(`${channelId}:`));
}

async function conversationOf(channelId: string, chatId: string): Promise<ConversationSummary> {
  const found = (await conversationsOf(channelId)).find((conversation) => conversation.externalId === `${channelId}:p:${chatId}`);
  if (found === undefined) throw new Error(`no conversation with chat ${chatId}`);
  return found;
}

async function transcript(conversationId: string): Promise<[string, string][]> {
  const page = (await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/messages` })).json<Page<MessageView>>();
  return page.items.map((message) => [message.direction, message.text]);
}

async function runsOf(conversationId: string): Promise<RunView[]> {
  return (await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/runs` })).json<Page<RunView>>().items;
}

/** The replies that reached `path` with a 2xx answer, parsed. */
function delivered(path: string): { request: Received; reply: Reply }[] {
  return receiver.requests.filter((request) => request.path === path && request.status < 300).map((request) => ({ request, reply: Reply.parse(JSON.parse(request.body)) }));
}

async function deliveredTo(path: string, text: string): Promise<{ request: Received; reply: Reply }> {
  await expect.poll(() => delivered(path).some(({ reply }) => reply.text === text), { timeout: 10_000 }).toBe(true);
  const found = delivered(path).find(({ reply }) => reply.text === text);
  if (found === undefined) throw new Error(`no reply "${text}" at ${path}`);
  return found;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a webhook channel verified by signatures', { timeout: 30_000 }, () => {
  let channel: ChannelView;

  it('is created bound to the flow and listens', async () => {
    channel = await createChannel('Signed webhook', SIGNED_SECRET, { verify: 'signature', callbackUrl: `${receiver.url}/signed`, allowMessageCallbackUrl: true, callbackOrigins: [receiver.url] });
    expect(channel.status.state).toBe('listening');
  });

  it('answers a signed message at the callback URL, signed so the receiver can check it', async () => {
    const body = JSON.stringify({ userId: 'ann', text: 'hello there', messageId: 'ann-1' });
    const answer = await post(channel, body, signed(body));
    expect(answer).toEqual({ status: 200, body: { accepted: true, chatId: 'ann', messageId: 'ann-1' } });
    const { request, reply } = await deliveredTo('/signed', 'You said: hello there');
    expect(reply).toMatchObject({ chatId: 'ann', userId: 'ann', inReplyTo: 'ann-1', data: { buttons: [{ label: 'Again', value: 'again' }] } });
    expect(request.headers['x-switchboard-delivery']).toBe(reply.messageId);
    const signature = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(request.headers['x-switchboard-signature']));
    expect(signature).not.toBeNull();
    const timestamp = Number(signature?.[1]);
    expect(Math.abs(Date.now() / 1000 - timestamp)).toBeLessThan(60);
    expect(signature?.[2]).toBe(hmac(SIGNED_SECRET, timestamp, request.body));
    // The secret itself never travels in signature mode.
    expect(request.headers['x-switchboard-secret']).toBeUndefined();
    const conversation = await conversationOf(channel.id, 'ann');
    expect(await transcript(conversation.id)).toEqual([
      ['in', 'hello there'],
      ['out', 'You said: hello there'],
    ]);
    // The reply is named by its stored id, which stays the same however often it is sent.
    const stored = (await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation.id}/messages` })).json<Page<MessageView>>().items;
    expect(reply.messageId).toBe(stored.find((message) => message.direction === 'out')?.id);
  });

  it('keeps a group chat apart from its senders, and sends its replies where the message says', async () => {
    const body = JSON.stringify({ userId: 'bob', chatId: 'room-7', text: 'to the room', callbackUrl: `${receiver.url}/rooms/7` });
    expect((await post(channel, body, signed(body))).status).toBe(200);
    const { reply } = await deliveredTo('/rooms/7', 'You said: to the room');
    expect(reply).toMatchObject({ chatId: 'room-7', userId: 'bob' });
    expect(delivered('/signed').some(({ reply: other }) => other.text === 'You said: to the room')).toBe(false);
    await conversationOf(channel.id, 'room-7');
  });

  it('refuses a callback URL outside the allowed origins, recording nothing', async () => {
    const before = await conversationsOf(channel.id);
    const body = JSON.stringify({ userId: 'mallory', text: 'send it elsewhere', callbackUrl: 'http://198.51.100.7/collect' });
    expect((await post(channel, body, signed(body))).status).toBe(403);
    expect(await conversationsOf(channel.id)).toEqual(before);
  });

  it('refuses a bad signature, a stale timestamp and a missing header with 401, recording nothing', async () => {
    const before = await conversationsOf(channel.id);
    const body = JSON.stringify({ userId: 'eve', text: 'let me in', messageId: 'eve-1' });
    const wrongKey = await post(channel, body, signed(body, 'not-the-secret-at-all'));
    expect(wrongKey.status).toBe(401);
    const changedBody = await post(channel, body.replace('let me in', 'let me in!'), signed(body));
    expect(changedBody.status).toBe(401);
    // Correctly signed, six minutes ago.
    const stale = await post(channel, body, signed(body, SIGNED_SECRET, Math.floor(Date.now() / 1000) - 360));
    expect(stale.status).toBe(401);
    expect(JSON.stringify(stale.body)).toContain('more than 5 minutes away from now');
    const unsigned = await post(channel, body, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    await pause(300);
    expect(await conversationsOf(channel.id)).toEqual(before);
    expect(receiver.requests.some((request) => request.body.includes('let me in'))).toBe(false);
  });

  it('runs a redelivered message once and answers it once', async () => {
    const body = JSON.stringify({ userId: 'cy', text: 'only once', messageId: 'cy-1' });
    const [first, second] = await Promise.all([post(channel, body, signed(body)), post(channel, body, signed(body))]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await deliveredTo('/signed', 'You said: only once');
    const third = await post(channel, body, signed(body));
    expect(third.status).toBe(200);
    await pause(500);
    expect(delivered('/signed').filter(({ reply }) => reply.text === 'You said: only once')).toHaveLength(1);
    const conversation = await conversationOf(channel.id, 'cy');
    expect(await runsOf(conversation.id)).toHaveLength(1);
    expect(await transcript(conversation.id)).toEqual([
      ['in', 'only once'],
      ['out', 'You said: only once'],
    ]);
  });

  it('delivers a reply once to a receiver that answers 500 and then 200', async () => {
    receiver.script('/flaky', { status: 500 });
    const body = JSON.stringify({ userId: 'dee', text: 'try again', callbackUrl: `${receiver.url}/flaky` });
    expect((await post(channel, body, signed(body))).status).toBe(200);
    await deliveredTo('/flaky', 'You said: try again');
    await pause(300);
    const tries = receiver.requests.filter((request) => request.path === '/flaky');
    expect(tries.map((request) => request.status)).toEqual([500, 200]);
    // The same reply both times: one delivery id, so a receiver that half-processed the first can drop the copy.
    expect(new Set(tries.map((request) => request.headers['x-switchboard-delivery'])).size).toBe(1);
    expect(await transcript((await conversationOf(channel.id, 'dee')).id)).toEqual([
      ['in', 'try again'],
      ['out', 'You said: try again'],
    ]);
  });

  it('waits out a 429 for as long as Retry-After says', async () => {
    receiver.script('/busy', { status: 429, headers: { 'retry-after': '1' } });
    const body = JSON.stringify({ userId: 'fay', text: 'not so fast', callbackUrl: `${receiver.url}/busy` });
    expect((await post(channel, body, signed(body))).status).toBe(200);
    await deliveredTo('/busy', 'You said: not so fast');
    const tries = receiver.requests.filter((request) => request.path === '/busy');
    expect(tries.map((request) => request.status)).toEqual([429, 200]);
    const [limited, accepted] = tries;
    expect((accepted?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('gives up after its attempts and says so in the channel\'s status', async () => {
    const limited = await app.inject({ method: 'PATCH', url: `/api/v1/channels/${channel.id}`, payload: { config: { verify: 'signature', callbackUrl: `${receiver.url}/down`, maxAttempts: 2 } } });
    expect(limited.statusCode).toBe(200);
    // A patch of the config alone leaves the channel bound to its flow and credential.
    expect(limited.json<ChannelView>()).toMatchObject({ flowId, credentialId: channel.credentialId, status: { state: 'listening' } });
    receiver.script('/down', { status: 503 }, { status: 503 }, { status: 503 });
    const body = JSON.stringify({ userId: 'gus', text: 'anyone there?' });
    expect((await post(channel, body, signed(body))).status).toBe(200);
    const status = async () => (await app.inject({ method: 'GET', url: `/api/v1/channels/${channel.id}` })).json<ChannelView>().status;
    await expect.poll(async () => (await status()).lastError ?? '', { timeout: 10_000 }).toContain('failed 2 times');
    expect(receiver.requests.filter((request) => request.path === '/down').map((request) => request.status)).toEqual([503, 503]);
    // The message itself was taken: the flow ran, only the reply could not be handed over.
    expect(await transcript((await conversationOf(channel.id, 'gus')).id)).toEqual([
      ['in', 'anyone there?'],
      ['out', 'You said: anyone there?'],
    ]);
  });
});

describe('a webhook channel verified by a shared secret', { timeout: 30_000 }, () => {
  let channel: ChannelView;

  it('answers a message carrying the secret, sending the secret back with the reply', async () => {
    channel = await createChannel('Secret webhook', SHARED_SECRET, { verify: 'secret', callbackUrl: `${receiver.url}/shared` });
    const body = JSON.stringify({ userId: 'hal', text: 'open sesame' });
    const answer = await post(channel, body, { 'content-type': 'application/json', 'x-switchboard-secret': SHARED_SECRET });
    expect(answer.status).toBe(200);
    const { request, reply } = await deliveredTo('/shared', 'You said: open sesame');
    expect(request.headers['x-switchboard-secret']).toBe(SHARED_SECRET);
    expect(reply).toMatchObject({ chatId: 'hal', userId: 'hal' });
    // Without a messageId of its own the message got one, which the acknowledgement and the reply name.
    expect(reply.inReplyTo).toBe(z.object({ messageId: z.string() }).parse(answer.body).messageId);
  });

  it('refuses a wrong secret with 401 and records nothing', async () => {
    const before = await conversationsOf(channel.id);
    const body = JSON.stringify({ userId: 'ivy', text: 'guessing' });
    expect((await post(channel, body, { 'content-type': 'application/json', 'x-switchboard-secret': 'shared-secret-for-the-webhook-channel-tesT' })).status).toBe(401);
    expect((await post(channel, body, { 'content-type': 'application/json', 'x-switchboard-secret': '' })).status).toBe(401);
    // A signature is not what this channel checks.
    expect((await post(channel, body, signed(body, SHARED_SECRET))).status).toBe(401);
    await pause(300);
    expect(await conversationsOf(channel.id)).toEqual(before);
  });

  it('refuses a per-message callback URL it was not configured to allow, and malformed messages', async () => {
    const before = await conversationsOf(channel.id);
    const headers = { 'content-type': 'application/json', 'x-switchboard-secret': SHARED_SECRET };
    const elsewhere = JSON.stringify({ userId: 'jo', text: 'hi', callbackUrl: `${receiver.url}/elsewhere` });
    expect((await post(channel, elsewhere, headers)).status).toBe(400);
    // ":" would split the conversation key and send the replies to the wrong chat.
    expect((await post(channel, JSON.stringify({ userId: 'jo', chatId: 'a:b', text: 'hi' }), headers)).status).toBe(400);
    expect((await post(channel, JSON.stringify({ text: 'who am I' }), headers)).status).toBe(400);
    expect((await post(channel, '{not json', headers)).status).toBe(400);
    await pause(300);
    expect(await conversationsOf(channel.id)).toEqual(before);
  });

  it('says in its status when replies have nowhere to go', async () => {
    const bare = await createChannel('Webhook without a callback', SHARED_SECRET, {});
    expect(bare.status).toMatchObject({ state: 'error', lastError: 'replies have nowhere to go: give the channel a callback URL, or allow messages to name their own' });
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/channels/${bare.id}` })).statusCode).toBe(204);
  });
});
