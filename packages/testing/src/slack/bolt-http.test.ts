import { App, LogLevel } from '@slack/bolt';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../redis-server.ts';
import { startSlackServer } from './server.ts';
import type { SlackServer } from './types.ts';

let server: SlackServer;
let app: App;
const seen: string[] = [];

beforeAll(async () => {
  server = await startSlackServer();
  const port = await freePort();
  server.setRequestUrl(`http://127.0.0.1:${port}/slack/events`);
  app = new App({ token: server.botToken, signingSecret: server.signingSecret, clientOptions: { slackApiUrl: server.apiUrl }, logLevel: LogLevel.ERROR });
  app.event('app_mention', async ({ event, say }) => {
    seen.push(event.text);
    await say({ text: `You said: ${event.text}`, thread_ts: event.thread_ts ?? event.ts });
  });
  app.message(async ({ message, say }) => {
    if (message.subtype === undefined) await say(`dm: ${message.text ?? ''}`);
  });
  app.command('/ask', async ({ command, ack, respond }) => {
    await ack({ text: `Thinking about "${command.text}"…` });
    await respond({ response_type: 'in_channel', text: `Answer to ${command.text}` });
  });
  app.action('approve', async ({ ack, body, respond }) => {
    await ack();
    await respond({ replace_original: true, text: `Approved by <@${body.user.id}>` });
  });
  await app.start(port);
});
afterAll(async () => {
  await app.stop();
  await server.close();
});

describe('Events API over HTTP with a Bolt app', () => {
  it('delivers an app_mention the app answers in its thread', async () => {
    const said = await server.userSays({ channel: 'C0GENERAL', user: 'U0ALICE', text: `<@${server.bot.userId}> what time is it?` });
    expect(said.deliveries).toMatchObject([{ kind: 'event', transport: 'http', acked: true, payload: { type: 'event_callback', event: { type: 'app_mention', ts: said.ts } } }]);
    const reply = await server.waitFor((post) => post.via === 'chat.postMessage' && post.channel === 'C0GENERAL');
    expect(reply).toMatchObject({ threadTs: said.ts, text: `You said: <@${server.bot.userId}> what time is it?` });

    // A follow-up mention inside the thread is answered in the same thread.
    const followUp = await server.userSays({ channel: 'C0GENERAL', user: 'U0ALICE', text: `<@${server.bot.userId}> and now?`, threadTs: said.ts });
    expect(followUp.deliveries[0]?.payload).toMatchObject({ event: { thread_ts: said.ts } });
    await server.waitFor((post) => post.text === `You said: <@${server.bot.userId}> and now?` && post.threadTs === said.ts);
  });

  it('sends DMs as message events with channel_type im', async () => {
    const said = await server.userSays({ channel: 'D0ALICE', user: 'U0ALICE', text: 'hello bot' });
    expect(said.deliveries[0]?.payload).toMatchObject({ event: { type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'U0ALICE' } });
    await server.waitFor((post) => post.channel === 'D0ALICE' && post.text === 'dm: hello bot');
  });

  it('gets the url_verification challenge answered', async () => {
    const verified = await server.verifyUrl();
    expect(verified.ok).toBe(true);
    expect(verified.response.body).toContain(verified.challenge);
  });

  it('sends forged and stale requests that Bolt refuses', async () => {
    const before = seen.length;
    const anchor = await app.client.chat.postMessage({ channel: 'C0GENERAL', text: 'a message to hang the raw event on' });
    const event = { type: 'event_callback', team_id: server.team.id, api_app_id: server.bot.appId, event_id: 'Ev0FORGED', event: { type: 'app_mention', user: 'U0EVE', text: 'forged', ts: anchor.ts, channel: 'C0GENERAL' } };
    const body = JSON.stringify(event);
    const forged = await server.sendRaw({ body, signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' });
    const stale = await server.sendRaw({ body, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const genuine = await server.sendRaw({ body });
    expect([forged.status, stale.status, genuine.status]).toEqual([401, 401, 200]);
    await expect.poll(() => seen.length).toBe(before + 1);
    expect(seen.at(-1)).toBe('forged');
  });

  it('delivers a slash command: the ack shows a message, the response_url posts in the channel', async () => {
    const delivery = await server.slashCommand({ command: '/ask', text: 'life', user: 'U0ALICE', channel: 'C0GENERAL' });
    expect(delivery).toMatchObject({ kind: 'command', acked: true, payload: { command: '/ask', text: 'life' } });
    expect(String(delivery.payload.response_url)).toContain(`${server.apiUrl.replace('/api/', '')}/commands/${server.team.id}/`);
    expect(server.posts.find((post) => post.via === 'ack')).toMatchObject({ text: 'Thinking about "life"…', user: 'U0ALICE' });
    await server.waitFor((post) => post.via === 'response_url' && post.text === 'Answer to life');
    expect(server.history('C0GENERAL').at(-1)?.text).toBe('Answer to life');
  });

  it('delivers a button click the app handles by replacing the message', async () => {
    const posted = await app.client.chat.postMessage({
      channel: 'C0GENERAL',
      text: 'Deploy?',
      blocks: [{ type: 'actions', block_id: 'deploy', elements: [{ type: 'button', action_id: 'approve', value: 'v42', text: { type: 'plain_text', text: 'Approve' } }] }],
    });
    const delivery = await server.clickButton({ actionId: 'approve', user: 'U0ALICE', messageTs: posted.ts ?? '' });
    expect(delivery).toMatchObject({ kind: 'action', acked: true, payload: { type: 'block_actions', actions: [{ action_id: 'approve', block_id: 'deploy', value: 'v42' }] } });
    await server.waitFor((post) => post.via === 'response_url' && post.ts === posted.ts);
    expect(server.history('C0GENERAL').find((message) => message.ts === posted.ts)?.text).toBe('Approved by <@U0ALICE>');
    await expect(server.clickButton({ actionId: 'reject', user: 'U0ALICE', messageTs: posted.ts ?? '' })).rejects.toThrow(/no button/);
  });
});

describe('Events API retries', () => {
  it('retries a failed or slow delivery with Slack retry headers', async () => {
    const received: { retryNum: string | undefined; reason: string | undefined }[] = [];
    const flaky = createServer((req, res) => {
      received.push({ retryNum: header(req.headers['x-slack-retry-num']), reason: header(req.headers['x-slack-retry-reason']) });
      req.resume();
      if (received.length === 1) res.writeHead(500).end();
      else if (received.length === 2) setTimeout(() => res.writeHead(200).end(), 400);
      else res.writeHead(200).end();
    });
    flaky.listen(0, '127.0.0.1');
    await once(flaky, 'listening');
    const address = flaky.address();
    const retrying = await startSlackServer({ ackTimeoutMs: 200, retryDelaysMs: [10, 10, 10] });
    try {
      retrying.setRequestUrl(`http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`);
      const said = await retrying.userSays({ channel: 'D0BOB', user: 'U0BOB', text: 'hi' });
      expect(said.deliveries[0]?.attempts).toEqual([
        { retryNum: 0, status: 500, failure: 'http_error' },
        { retryNum: 1, status: undefined, failure: 'http_timeout' },
        { retryNum: 2, status: 200, failure: undefined },
      ]);
      expect(received).toEqual([
        { retryNum: undefined, reason: undefined },
        { retryNum: '1', reason: 'http_error' },
        { retryNum: '2', reason: 'http_timeout' },
      ]);
    } finally {
      await retrying.close();
      flaky.closeAllConnections();
      flaky.close();
    }
  });
});

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
