// A Slack channel end to end: the local Slack server signs and POSTs events and slash commands to the
// API's webhook (Events API) or sends them over a WebSocket (Socket Mode), the flow runs, and the
// replies reach the server's Web API through the Slack SDK.
import type { ChannelView, ConversationSummary, MessageView, Page, RunView } from '@switchboard/runtime';
import { startSlackServer, type SlackRecordedPost as RecordedPost, type SlackServer } from '@switchboard/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApi, type ListeningApi } from './test-api.ts';

/** Slack signing secrets are 32 hexadecimal characters; the credential refuses anything else. */
const SIGNING_SECRET = '5f0c3a9e1b7d4c2a8e6f0b3d9a1c7e4f';
const GENERAL = 'C0GENERAL';

let events: SlackServer;
let socket: SlackServer;
let app: FastifyInstance;
let api: ListeningApi;
let flowId: string;
let origin: string;

const flow = {
  schemaVersion: 1,
  name: 'Slack echo',
  nodes: [
    { id: 'slack', type: 'trigger.slack', typeVersion: 1, config: { commands: [{ command: 'deploy', description: 'Ship it' }] } },
    { id: 'echo', type: 'conversation.reply', typeVersion: 1, config: { text: 'You said: {{ message.text }}' } },
    { id: 'deploy', type: 'conversation.reply', typeVersion: 1, config: { text: 'Deploying: {{ message.text }}' } },
  ],
  edges: [
    { id: 'e1', source: 'slack', sourcePort: 'text', target: 'echo', targetPort: 'in' },
    { id: 'e2', source: 'slack', sourcePort: 'deploy', target: 'deploy', targetPort: 'in' },
  ],
};

beforeAll(async () => {
  // One server per mode: a Slack app that opened a socket gets everything over it, as Slack does.
  events = await startSlackServer({ signingSecret: SIGNING_SECRET, events: ['app_mention', 'message.im', 'message.channels'] });
  socket = await startSlackServer({ signingSecret: SIGNING_SECRET });
  api = await startListeningApi();
  ({ app, origin } = api);
  flowId = await api.publish(flow);
}, 120_000);

afterAll(async () => {
  await api.close();
  await Promise.all([events.close(), socket.close()]);
});

async function credential(name: string, secret: Record<string, string>): Promise<string> {
  const created = await app.inject({ method: 'POST', url: '/api/v1/credentials', payload: { name, type: 'slack', secret } });
  expect(created.statusCode).toBe(201);
  return created.json<{ id: string }>().id;
}

async function createChannel(name: string, credentialId: string, config: Record<string, unknown>): Promise<ChannelView> {
  const created = await app.inject({ method: 'POST', url: '/api/v1/channels', payload: { name, type: 'slack', flowId, credentialId, config } });
  expect(created.statusCode).toBe(201);
  return created.json<ChannelView>();
}

/** The conversations of one channel (their external ids start with the channel's id). */
async function conversationsOf(channelId: string): Promise<ConversationSummary[]> {
  const page = (await app.inject({ method: 'GET', url: '/api/v1/conversations?channel=slack&limit=500' })).json<Page<ConversationSummary>>();
  return page.items.filter((conversation) => conversation.externalId.startsWith(`${channelId}:`));
}

async function conversationAt(channelId: string, externalSuffix: string): Promise<ConversationSummary> {
  const found = (await conversationsOf(channelId)).find((conversation) => conversation.externalId === `${channelId}:${externalSuffix}`);
  if (found === undefined) throw new Error(`no conversation ${channelId}:${externalSuffix}`);
  return found;
}

async function transcript(conversationId: string): Promise<[string, string][]> {
  const page = (await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/messages` })).json<Page<MessageView>>();
  return page.items.map((message) => [message.direction, message.text]);
}

async function runsOf(conversationId: string): Promise<RunView[]> {
  return (await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/runs` })).json<Page<RunView>>().items;
}

function posted(server: SlackServer, text: string): RecordedPost[] {
  return server.posts.filter((post) => post.via === 'chat.postMessage' && post.text === text);
}

function byText(text: string): (post: RecordedPost) => boolean {
  return (post) => post.via === 'chat.postMessage' && post.text === text;
}

let tsCounter = 0;
/** An Events API delivery of a direct message, as Slack would sign and POST it. */
function directMessage(user: string, text: string): string {
  tsCounter += 1;
  const channel = `D0${user.slice(2)}`;
  events.addChannel({ id: channel, user });
  const ts = `${Math.floor(Date.now() / 1000)}.${String(900_000 + tsCounter).padStart(6, '0')}`;
  return JSON.stringify({
    type: 'event_callback',
    team_id: events.team.id,
    api_app_id: events.bot.appId,
    event_id: `Ev0RAW${tsCounter}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', channel, channel_type: 'im', user, text, ts, event_ts: ts },
  });
}

function eventTypeOf(payload: Record<string, unknown>): unknown {
  const { event } = payload;
  return typeof event === 'object' && event !== null && 'type' in event ? event.type : undefined;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a Slack channel on the Events API', { timeout: 30_000 }, () => {
  let channel: ChannelView;

  it('is created bound to the flow, identifies the bot, and answers Slack\'s URL check', async () => {
    const credentialId = await credential('Slack events app', { botToken: events.botToken, signingSecret: SIGNING_SECRET });
    channel = await createChannel('Echo on Slack', credentialId, { mode: 'events', apiUrl: events.apiUrl });
    expect(channel.status).toMatchObject({ state: 'listening', bot: { id: events.bot.userId } });
    events.setRequestUrl(`${origin}${channel.webhookPath}`);
    const verified = await events.verifyUrl();
    expect(verified.ok).toBe(true);
  });

  it('answers a mention in a channel in its thread, and a follow-up there continues the conversation', async () => {
    events.addChannel({ id: GENERAL, name: 'general' });
    // Chatter the bot is not addressed in reaches it (message.channels) and starts nothing.
    await events.userSays({ channel: GENERAL, user: 'U0ANN', text: 'morning all' });
    const asked = await events.userSays({ channel: GENERAL, user: 'U0ANN', text: `<@${events.bot.userId}> hello there` });
    // Slack sends a mention twice (app_mention and message): both are acknowledged, one is run.
    expect(asked.deliveries.map((delivery) => [eventTypeOf(delivery.payload), delivery.attempts.at(-1)?.status])).toEqual([
      ['app_mention', 200],
      ['message', 200],
    ]);
    const answer = await events.waitFor(byText('You said: hello there'), 10_000);
    expect(answer).toMatchObject({ channel: GENERAL, threadTs: asked.ts });

    await events.userSays({ channel: GENERAL, user: 'U0ANN', text: `<@${events.bot.userId}> and once more`, threadTs: asked.ts });
    const followUp = await events.waitFor(byText('You said: and once more'), 10_000);
    expect(followUp).toMatchObject({ channel: GENERAL, threadTs: asked.ts });

    const conversations = await conversationsOf(channel.id);
    expect(conversations.map((conversation) => conversation.externalId)).toEqual([`${channel.id}:g:${GENERAL}:${asked.ts}`]);
    const [conversation] = conversations;
    expect(conversation?.userId).toBe('U0ANN');
    expect(await transcript(conversation?.id ?? '')).toEqual([
      ['in', 'hello there'],
      ['out', 'You said: hello there'],
      ['in', 'and once more'],
      ['out', 'You said: and once more'],
    ]);
    expect(await runsOf(conversation?.id ?? '')).toHaveLength(2);
    expect(posted(events, 'You said: hello there')).toHaveLength(1);
    expect(events.posts.some((post) => post.text === 'You said: morning all')).toBe(false);
  });

  it('answers a direct message in the DM, outside any thread', async () => {
    await events.userSays({ channel: 'D0BEN', user: 'U0BEN', text: 'hi in private' });
    const answer = await events.waitFor(byText('You said: hi in private'), 10_000);
    expect(answer).toMatchObject({ channel: 'D0BEN', threadTs: undefined });
    const conversation = await conversationAt(channel.id, 'p:D0BEN');
    expect(await transcript(conversation.id)).toEqual([
      ['in', 'hi in private'],
      ['out', 'You said: hi in private'],
    ]);
  });

  it('routes a slash command to its branch and acknowledges it with an empty body', async () => {
    const delivery = await events.slashCommand({ command: '/deploy', text: 'staging', user: 'U0CY', channel: GENERAL });
    // The raw empty body went back as it was: a text there would show up as a second message.
    expect(delivery).toMatchObject({ acked: true, response: undefined, attempts: [{ status: 200 }] });
    const answer = await events.waitFor(byText('Deploying: /deploy staging'), 10_000);
    expect(answer.channel).toBe(GENERAL);
    expect(events.posts.filter((post) => post.via === 'ack' || post.via === 'response_url')).toEqual([]);
    expect(posted(events, 'You said: /deploy staging')).toEqual([]);
  });

  it('refuses a forged signature and a stale timestamp with 401 and records nothing', async () => {
    const before = await conversationsOf(channel.id);
    const forgedBody = directMessage('U0EVE', 'forged hello');
    const forged = await events.sendRaw({ body: forgedBody, signature: `v0=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    const malformed = await events.sendRaw({ body: forgedBody, headers: { 'x-slack-signature': 'v0=not-even-hex' } });
    expect(malformed.status).toBe(401);
    // Correctly signed, but ten minutes ago: a replay.
    const stale = await events.sendRaw({ body: directMessage('U0EVE', 'stale hello'), timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    expect(stale.body).toContain('5 minutes');
    await pause(300);
    expect(await conversationsOf(channel.id)).toEqual(before);
    expect(events.posts.some((post) => post.text?.includes('hello') === true && post.channel === 'D0EVE')).toBe(false);
    // The same body signed now is taken: the refusals were about the signature, not the payload.
    const genuine = await events.sendRaw({ body: forgedBody });
    expect(genuine.status).toBe(200);
    await events.waitFor(byText('You said: forged hello'), 10_000);
  });

  it('runs a retried delivery once and answers it once, even while the first is still running', async () => {
    const body = directMessage('U0DEE', 'just once');
    const retryHeaders = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };
    const [first, retry] = await Promise.all([events.sendRaw({ body }), events.sendRaw({ body, headers: retryHeaders })]);
    expect([first.status, retry.status]).toEqual([200, 200]);
    const late = await events.sendRaw({ body, headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } });
    expect(late.status).toBe(200);
    await events.waitFor(byText('You said: just once'), 10_000);
    await pause(500);
    expect(posted(events, 'You said: just once')).toHaveLength(1);
    const conversation = await conversationAt(channel.id, 'p:D0DEE');
    expect(await runsOf(conversation.id)).toHaveLength(1);
    expect(await transcript(conversation.id)).toEqual([
      ['in', 'just once'],
      ['out', 'You said: just once'],
    ]);
  });

  it('waits out a 429 on chat.postMessage instead of dropping the reply', async () => {
    events.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await events.userSays({ channel: 'D0FAY', user: 'U0FAY', text: 'slow down' });
    await events.waitFor(byText('You said: slow down'), 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const attempts = events.calls.filter((call) => call.method === 'chat.postMessage' && call.params.channel === 'D0FAY').map((call) => call.status);
    expect(attempts).toEqual([429, 200]);
    expect(posted(events, 'You said: slow down')).toHaveLength(1);
  });
});

describe('a Slack channel in Socket Mode', () => {
  it('connects, answers, shows a lost connection in its status and comes back by itself', async () => {
    const credentialId = await credential('Slack socket app', { botToken: socket.botToken, appToken: socket.appToken });
    const channel = await createChannel('Echo over a socket', credentialId, { mode: 'socket', apiUrl: socket.apiUrl });
    const state = async () => (await app.inject({ method: 'GET', url: `/api/v1/channels/${channel.id}` })).json<ChannelView>().status.state;
    await expect.poll(state, { timeout: 10_000 }).toBe('connected');
    expect(socket.socketConnections()).toBe(1);

    const said = await socket.userSays({ channel: 'D0GUS', user: 'U0GUS', text: 'over the socket' });
    expect(said.deliveries.map((delivery) => [delivery.transport, delivery.acked])).toEqual([['socket', true]]);
    await socket.waitFor(byText('You said: over the socket'), 10_000);

    const mention = await socket.userSays({ channel: GENERAL, user: 'U0GUS', text: `<@${socket.bot.userId}> in the channel` });
    expect(await socket.waitFor(byText('You said: in the channel'), 10_000)).toMatchObject({ channel: GENERAL, threadTs: mention.ts });

    const command = await socket.slashCommand({ command: '/deploy', text: 'prod', user: 'U0GUS', channel: GENERAL });
    expect(command).toMatchObject({ transport: 'socket', acked: true });
    await socket.waitFor(byText('Deploying: /deploy prod'), 10_000);

    await socket.stop();
    await expect.poll(state, { timeout: 10_000 }).toBe('disconnected');
    await socket.start();
    await expect.poll(state, { timeout: 15_000 }).toBe('connected');
    await socket.userSays({ channel: 'D0GUS', user: 'U0GUS', text: 'back again' });
    await socket.waitFor(byText('You said: back again'), 10_000);
    const after = (await app.inject({ method: 'GET', url: `/api/v1/channels/${channel.id}` })).json<ChannelView>();
    expect(after.status.lastError).toBeDefined();

    const conversation = await conversationAt(channel.id, 'p:D0GUS');
    expect(await transcript(conversation.id)).toEqual([
      ['in', 'over the socket'],
      ['out', 'You said: over the socket'],
      ['in', 'back again'],
      ['out', 'You said: back again'],
    ]);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/channels/${channel.id}` })).statusCode).toBe(204);
    await expect.poll(() => socket.socketConnections(), { timeout: 5000 }).toBe(0);
  }, 60_000);
});
