// A Telegram channel end to end: the local Bot API server delivers updates over real HTTP to the
// API's webhook (or is polled), the flow runs, and the replies reach the server through grammY.
import type { ChannelView, ConversationSummary, Page } from '@switchboard/runtime';
import { startTelegramServer, type TelegramServer, type TelegramSentEvent } from '@switchboard/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApi, type ListeningApi } from './test-api.ts';

const TOKEN = '7000000077:AAswitchboard-channel-test-01';
let telegram: TelegramServer;
let api: ListeningApi;
let app: FastifyInstance;
let flowId: string;
let credentialId: string;

const flow = {
  schemaVersion: 1,
  name: 'Telegram echo',
  nodes: [
    { id: 'tg', type: 'trigger.telegram', typeVersion: 1, config: { commands: [{ command: 'help', description: 'What I can do' }], rateLimit: 3 } },
    { id: 'echo', type: 'conversation.reply', typeVersion: 1, config: { text: 'You said: {{ message.text }}' } },
    { id: 'help', type: 'conversation.reply', typeVersion: 1, config: { text: 'I repeat what you say.' } },
  ],
  edges: [
    { id: 'e1', source: 'tg', sourcePort: 'text', target: 'echo', targetPort: 'in' },
    { id: 'e2', source: 'tg', sourcePort: 'help', target: 'help', targetPort: 'in' },
  ],
};

beforeAll(async () => {
  telegram = await startTelegramServer({ token: TOKEN, botUsername: 'echo_bot' });
  api = await startListeningApi();
  ({ app } = api);
  flowId = await api.publish(flow);
  const credential = await app.inject({ method: 'POST', url: '/api/v1/credentials', payload: { name: 'Echo bot', type: 'telegram', secret: { botToken: TOKEN } } });
  expect(credential.statusCode).toBe(201);
  credentialId = credential.json<{ id: string }>().id;
}, 120_000);

afterAll(async () => {
  await api.close();
  await telegram.close();
});

function sentText(event: TelegramSentEvent): string | undefined {
  return event.kind === 'message' ? event.message.text : undefined;
}

async function conversations(): Promise<ConversationSummary[]> {
  return (await app.inject({ method: 'GET', url: '/api/v1/conversations?channel=telegram&limit=100' })).json<Page<ConversationSummary>>().items;
}

describe('a Telegram channel in webhook mode', () => {
  let channel: ChannelView;

  it('is created bound to a flow, identifies the bot and registers its webhook', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/channels',
      payload: { name: 'Echo on Telegram', type: 'telegram', flowId, credentialId, config: { mode: 'webhook', apiRoot: telegram.url } },
    });
    expect(created.statusCode).toBe(201);
    channel = created.json<ChannelView>();
    expect(channel.status).toMatchObject({ state: 'listening', bot: { username: 'echo_bot' } });
    const setWebhook = telegram.calls.find((call) => call.method === 'setWebhook');
    expect(setWebhook?.params.url).toBe(`${api.origin}/api/v1/channels/${channel.id}/webhook`);
  });

  it('answers a private message through the webhook', async () => {
    const ann = telegram.createUser({ firstName: 'Ann' });
    telegram.userSends({ chat: telegram.privateChat(ann), from: ann, text: 'hello there' });
    const reply = await telegram.waitForSent((event) => sentText(event) === 'You said: hello there', 10_000);
    expect(reply.kind === 'message' && reply.chatId).toBe(ann.id);
    // The chat showed "typing…" while the turn ran.
    await expect.poll(() => telegram.sent.some((event) => event.kind === 'chatAction' && event.chatId === ann.id && event.action === 'typing')).toBe(true);
  });

  it('stays quiet in a group until it is addressed, then quotes the question', async () => {
    const bob = telegram.createUser({ firstName: 'Bob' });
    const group = telegram.createGroup({ title: 'Team', members: [bob], type: 'supergroup' });
    const before = (await conversations()).length;
    telegram.userSends({ chat: group, from: bob, text: 'just chatting' });
    const asked = telegram.userSends({ chat: group, from: bob, text: '@echo_bot ping' });
    const reply = await telegram.waitForSent((event) => sentText(event) === 'You said: ping', 10_000);
    if (reply.kind !== 'message') throw new Error('expected a message');
    expect(reply.message.reply_to_message?.message_id).toBe(asked.message.message_id);
    // The chatter started no conversation and no run: only the mention did.
    expect((await conversations()).length).toBe(before + 1);
    expect(telegram.sent.some((event) => sentText(event) === 'You said: just chatting')).toBe(false);
  });

  it('routes /help to its own branch', async () => {
    const cy = telegram.createUser({ firstName: 'Cy' });
    telegram.userSends({ chat: telegram.privateChat(cy), from: cy, text: '/help' });
    await telegram.waitForSent((event) => event.kind === 'message' && event.chatId === cy.id && sentText(event) === 'I repeat what you say.', 10_000);
  });

  it('refuses a forged delivery with 401 and records nothing', async () => {
    const before = await conversations();
    const forged = await app.inject({
      method: 'POST',
      url: channel.webhookPath,
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'guess' },
      payload: { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 5, type: 'private', first_name: 'X' }, from: { id: 5, is_bot: false, first_name: 'X' }, text: 'hi' } },
    });
    expect(forged.statusCode).toBe(401);
    expect(await conversations()).toEqual(before);
  });

  it('runs a redelivered update once and does not answer it twice', async () => {
    const dee = telegram.createUser({ firstName: 'Dee' });
    const { update } = telegram.userSends({ chat: telegram.privateChat(dee), from: dee, text: 'once' });
    await telegram.waitForSent((event) => sentText(event) === 'You said: once', 10_000);
    telegram.redeliver(update.update_id);
    await expect.poll(() => telegram.webhookAttempts.filter((attempt) => attempt.updateId === update.update_id && attempt.status === 200).length, { timeout: 10_000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(telegram.sent.filter((event) => sentText(event) === 'You said: once')).toHaveLength(1);
    const conversation = (await conversations()).find((entry) => entry.externalId.endsWith(`:p:${dee.id}`));
    const messages = await app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation?.id ?? 'missing'}/messages` });
    expect(messages.json<Page<{ direction: string; text: string }>>().items.map((message) => [message.direction, message.text])).toEqual([
      ['in', 'once'],
      ['out', 'You said: once'],
    ]);
  });

  it('waits out a 429 from Telegram instead of dropping the reply', async () => {
    const eve = telegram.createUser({ firstName: 'Eve' });
    telegram.failNext('sendMessage', { status: 429, retryAfter: 1 });
    telegram.userSends({ chat: telegram.privateChat(eve), from: eve, text: 'slow down' });
    await telegram.waitForSent((event) => sentText(event) === 'You said: slow down', 10_000);
  });

  it('keeps a reply Telegram refused with a 500 and sends it again, once', async () => {
    const hal = telegram.createUser({ firstName: 'Hal' });
    telegram.failNext('sendMessage', { status: 500, description: 'Internal Server Error' });
    telegram.userSends({ chat: telegram.privateChat(hal), from: hal, text: 'retry me' });
    await telegram.waitForSent((event) => sentText(event) === 'You said: retry me', 10_000);
    const attempts = telegram.calls.filter((call) => call.method === 'sendMessage' && String(call.params.chat_id) === String(hal.id));
    expect(attempts).toHaveLength(2);
    const status = (await app.inject({ method: 'GET', url: `/api/v1/channels/${channel.id}` })).json<ChannelView>().status;
    expect(status.lastError).toMatch(/could not send a reply \(will try again\)/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(telegram.sent.filter((event) => sentText(event) === 'You said: retry me')).toHaveLength(1);
  });

  it('answers a user over the rate limit politely, once', async () => {
    const fay = telegram.createUser({ firstName: 'Fay' });
    const chat = telegram.privateChat(fay);
    for (const text of ['1', '2', '3', '4', '5']) telegram.userSends({ chat, from: fay, text });
    await telegram.waitForSent((event) => event.kind === 'message' && event.chatId === fay.id && (sentText(event) ?? '').startsWith('You are sending messages too quickly'), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const toFay = telegram.sent.filter((event) => event.kind === 'message' && event.chatId === fay.id).map(sentText);
    expect(toFay.filter((text) => text?.startsWith('You said:'))).toEqual(['You said: 1', 'You said: 2', 'You said: 3']);
    expect(toFay.filter((text) => text?.startsWith('You are sending'))).toHaveLength(1);
  });
});

describe('a Telegram channel in polling mode', () => {
  it('polls, answers, shows a lost connection in its status and comes back by itself', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/channels',
      payload: { name: 'Echo polling', type: 'telegram', flowId, credentialId, config: { mode: 'polling', apiRoot: telegram.url } },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<ChannelView>();
    const state = async () => (await app.inject({ method: 'GET', url: `/api/v1/channels/${id}` })).json<ChannelView>().status.state;
    await expect.poll(state, { timeout: 10_000 }).toBe('connected');

    const gus = telegram.createUser({ firstName: 'Gus' });
    const chat = telegram.privateChat(gus);
    telegram.userSends({ chat, from: gus, text: 'polled' });
    await telegram.waitForSent((event) => sentText(event) === 'You said: polled', 10_000);

    await telegram.stop();
    await expect.poll(state, { timeout: 10_000 }).toBe('disconnected');
    await telegram.start();
    await expect.poll(state, { timeout: 15_000 }).toBe('connected');
    telegram.userSends({ chat, from: gus, text: 'back again' });
    await telegram.waitForSent((event) => sentText(event) === 'You said: back again', 10_000);
    const channel = (await app.inject({ method: 'GET', url: `/api/v1/channels/${id}` })).json<ChannelView>();
    // The outage stays visible after the recovery: when and why it last went wrong.
    expect(channel.status.lastErrorAt).toBeDefined();
    expect(channel.status.lastError).toBeDefined();

    expect((await app.inject({ method: 'DELETE', url: `/api/v1/channels/${id}` })).statusCode).toBe(204);
  }, 60_000);

  it('refuses a channel with a credential of another type, saying which', async () => {
    const openai = await app.inject({ method: 'POST', url: '/api/v1/credentials', payload: { name: 'Model key', type: 'openai', secret: { apiKey: 'sk-test' } } });
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/channels',
      payload: { name: 'Wrong', type: 'telegram', flowId, credentialId: openai.json<{ id: string }>().id, config: { apiRoot: telegram.url } },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { message: string } }>().error.message).toBe('a telegram channel needs a telegram credential; Model key is a openai credential');
  });
});
