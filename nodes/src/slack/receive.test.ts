import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { text } from 'node:stream/consumers';
import type { BotIdentity, IngressResult, InboundChannelMessage } from '@switchboard/channels';
import { startSlackServer, type SlackServer } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackAdapter } from './adapter.ts';
import { slackContext, type TestContext } from './test-context.ts';

let slack: SlackServer;
let web: Server;
let context: TestContext;
let bot: BotIdentity;
/** What receive() made of each request, in order. */
let results: IngressResult[] = [];

const messages = (): InboundChannelMessage[] => results.flatMap((result) => (result.kind === 'messages' ? result.messages : []));

/** The part of the web server that hands a webhook request to the adapter and answers as it says. */
function webhookServer(): Server {
  return createServer((req, res) => {
    void (async () => {
      const rawBody = await text(req);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value]));
      const result = await slackAdapter.receive?.(context, bot, { headers, rawBody, receivedAt: Date.now() });
      if (result === undefined) throw new Error('the Slack adapter has no receive');
      results.push(result);
      const answer = result.kind === 'refuse' ? { status: result.status, body: result.reason } : result.kind === 'answer' ? result : (result.answer ?? { status: 200, body: '' });
      if (typeof answer.body === 'string') res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
      else res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    })();
  });
}

beforeAll(async () => {
  // A mention in a channel the app reads arrives twice, as app_mention and as message; the bot's own posts echo back.
  slack = await startSlackServer({ events: ['app_mention', 'message.channels', 'message.im'], echoBotMessages: true, retryDelaysMs: [] });
  slack.addChannel({ id: 'C0GENERAL', name: 'general' });
  slack.addUser({ id: 'U0ALICE', name: 'alice' });
  web = webhookServer();
  web.listen(0, '127.0.0.1');
  await once(web, 'listening');
  const address = web.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  slack.setRequestUrl(`http://127.0.0.1:${address.port}/webhooks/slack`);
  context = slackContext(slack, 'events');
  bot = await slackAdapter.identify(context);
});
afterAll(async () => {
  web.closeAllConnections();
  web.close();
  await slack.close();
});
beforeEach(() => {
  results = [];
});

describe('identify', () => {
  it('names the bot user from auth.test', () => {
    expect(bot).toEqual({ id: slack.bot.userId, username: slack.bot.name });
  });
});

describe('Events API over HTTP', () => {
  it('turns a mention in a channel and one in its thread into messages of that thread, each once', async () => {
    const question = await slack.userSays({ channel: 'C0GENERAL', user: 'U0ALICE', text: `<@${slack.bot.userId}> what time is it?` });
    expect(question.deliveries.map((delivery) => [delivery.payload.event, delivery.acked, delivery.attempts[0]?.status])).toMatchObject([
      [{ type: 'app_mention' }, true, 200],
      [{ type: 'message' }, true, 200],
    ]);
    // Both events are the same message: same chat, same id, so the runtime records it once.
    const [mention, message] = messages();
    expect(mention).toEqual(message);
    expect(mention).toMatchObject({
      platform: 'slack',
      messageId: question.ts,
      chat: { id: 'C0GENERAL', kind: 'group' },
      sender: { id: 'U0ALICE' },
      text: `<@${slack.bot.userId}> what time is it?`,
      mentions: [{ userId: slack.bot.userId, isBot: true }],
      // A top-level question opens its own thread, where the answer goes.
      threadId: question.ts,
    });

    results = [];
    const followUp = await slack.userSays({ channel: 'C0GENERAL', user: 'U0ALICE', text: `<@${slack.bot.userId}> and in <#C0RANDOM|random>? &lt;3`, threadTs: question.ts });
    expect(messages()).toHaveLength(2);
    expect(messages()[0]).toMatchObject({ messageId: followUp.ts, threadId: question.ts, text: `<@${slack.bot.userId}> and in #random? <3` });
  });

  it('turns a direct message into a private message without a thread', async () => {
    const said = await slack.userSays({ channel: 'D0BOB', user: 'U0BOB', text: 'hello bot' });
    expect(messages()).toEqual([
      { platform: 'slack', messageId: said.ts, chat: { id: 'D0BOB', kind: 'private' }, sender: { id: 'U0BOB' }, text: 'hello bot', attachments: [], mentions: [], sentAt: new Date(Number(said.ts) * 1000).toISOString() },
    ]);
  });

  it('lists shared files as attachments, their kind from the MIME type and their Slack file id as ref', async () => {
    await slack.userSays({ channel: 'D0BOB', user: 'U0BOB', text: '', files: [{ name: 'cat.png', content: Buffer.from([1, 2, 3]) }, { name: 'notes.txt', content: 'milk' }] });
    const [shared] = messages();
    const refs = shared?.attachments.map((attachment) => attachment.ref) ?? [];
    expect(shared?.attachments).toEqual([
      { kind: 'image', ref: refs[0], name: 'cat.png', mimeType: 'image/png', sizeBytes: 3 },
      { kind: 'file', ref: refs[1], name: 'notes.txt', mimeType: 'text/plain', sizeBytes: 4 },
    ]);
    expect(refs.map((ref) => slack.file(ref)?.name)).toEqual(['cat.png', 'notes.txt']);
  });

  it('answers the echo of the bot\'s own message without a message', async () => {
    await slackAdapter.send(context, { chatId: 'D0BOB', chatKind: 'private' }, { text: 'I am the bot' });
    await expect.poll(() => results.length).toBe(1);
    expect(results[0]).toEqual({ kind: 'answer', status: 200, body: {} });
  });

  it('answers the url_verification challenge', async () => {
    const verified = await slack.verifyUrl();
    expect(verified.ok).toBe(true);
    expect(JSON.parse(verified.response.body)).toEqual({ challenge: verified.challenge });
  });

  it('refuses a forged signature and a stale timestamp, saying which', async () => {
    const body = JSON.stringify({ type: 'event_callback', event: { type: 'message', channel: 'D0BOB', channel_type: 'im', user: 'U0EVE', text: 'trust me', ts: '1700000000.000100' } });
    const forged = await slack.sendRaw({ body, signature: `v0=${'0'.repeat(64)}` });
    const stale = await slack.sendRaw({ body, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const unsigned = await slack.sendRaw({ body, headers: { 'x-slack-signature': '' } });
    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    expect(forged.body).toMatch(/X-Slack-Signature does not match/);
    expect(stale.body).toMatch(/X-Slack-Request-Timestamp is more than 5 minutes/);
    expect(unsigned.body).toMatch(/X-Slack-Signature header is missing/);
    expect(messages()).toEqual([]);

    const genuine = await slack.sendRaw({ body });
    expect(genuine.status).toBe(200);
    expect(messages()).toMatchObject([{ sender: { id: 'U0EVE' }, text: 'trust me' }]);
  });

  it('refuses every request when the channel has no signing secret', async () => {
    const { signingSecret: _secret, ...secret } = context.secret;
    const result = await slackAdapter.receive?.({ ...context, secret }, bot, { headers: slack.sign('{}'), rawBody: '{}', receivedAt: Date.now() });
    expect(result).toMatchObject({ kind: 'refuse', status: 401 });
    expect(result?.kind === 'refuse' ? result.reason : '').toMatch(/no signing secret/);
  });

  it('turns a slash command into a command message and answers with an empty body', async () => {
    const delivery = await slack.slashCommand({ command: '/Deploy', text: ' staging now ', user: 'U0ALICE', channel: 'C0GENERAL' });
    expect(delivery).toMatchObject({ kind: 'command', acked: true, response: undefined });
    const sentAt = messages()[0]?.sentAt ?? '';
    expect(Date.now() - Date.parse(sentAt)).toBeLessThan(5000);
    expect(messages()).toEqual([
      {
        platform: 'slack',
        messageId: `command:${String(delivery.payload.trigger_id)}`,
        chat: { id: 'C0GENERAL', kind: 'group' },
        sender: { id: 'U0ALICE', username: 'alice' },
        text: '/deploy staging now',
        attachments: [],
        mentions: [],
        command: { name: 'deploy', args: 'staging now' },
        sentAt,
      },
    ]);
    // Nothing shows in Slack for the ack: the reply is the bot's own message.
    expect(slack.posts.filter((post) => post.via === 'ack')).toEqual([]);
  });

  it('turns a button click under the bot\'s message into a reply to the bot with the button\'s value', async () => {
    const parent = await slack.userSays({ channel: 'C0GENERAL', user: 'U0ALICE', text: `<@${slack.bot.userId}> deploy?` });
    const sent = await slackAdapter.send(context, { chatId: 'C0GENERAL', chatKind: 'group', threadId: parent.ts }, { text: 'Sure?', data: { buttons: [{ label: 'Yes', value: 'yes please' }, { label: 'Docs', url: 'https://example.com/docs' }] } });
    results = [];
    const delivery = await slack.clickButton({ actionId: 'switchboard-0', user: 'U0ALICE', messageTs: sent[0]?.messageId ?? '' });
    expect(delivery).toMatchObject({ kind: 'action', acked: true });
    expect(messages()).toMatchObject([
      { chat: { id: 'C0GENERAL', kind: 'group' }, sender: { id: 'U0ALICE' }, text: 'yes please', threadId: parent.ts, replyTo: { messageId: sent[0]?.messageId, fromBot: true, text: 'Sure?' } },
    ]);
  });
});
