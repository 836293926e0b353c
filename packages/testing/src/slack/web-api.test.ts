import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackServer } from './server.ts';
import type { SlackServer } from './types.ts';

let server: SlackServer;
let client: webApi.WebClient;
beforeAll(async () => {
  server = await startSlackServer();
  server.addChannel({ id: 'C0GENERAL', name: 'general' });
  server.addUser({ id: 'U0ALICE', name: 'alice' });
  client = new webApi.WebClient(server.botToken, { slackApiUrl: server.apiUrl, logLevel: webApi.LogLevel.ERROR });
});
afterAll(() => server.close());

describe('auth', () => {
  it('answers auth.test for the bot token', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({ ok: true, user_id: 'U0BOT0001', bot_id: 'B0BOT0001', team_id: 'T0SWITCH' });
  });

  it('refuses a wrong token with invalid_auth, a missing one with not_authed', async () => {
    const stranger = new webApi.WebClient('xoxb-wrong', { slackApiUrl: server.apiUrl, logLevel: webApi.LogLevel.ERROR });
    await expect(stranger.auth.test()).rejects.toMatchObject({ code: webApi.ErrorCode.PlatformError, data: { ok: false, error: 'invalid_auth' } });
    const anonymous = new webApi.WebClient(undefined, { slackApiUrl: server.apiUrl, logLevel: webApi.LogLevel.ERROR });
    await expect(anonymous.auth.test()).rejects.toMatchObject({ data: { error: 'not_authed' } });
  });

  it('accepts the token as a form parameter, and the app-level token only for apps.connections.open', async () => {
    const form = await fetch(`${server.apiUrl}auth.test`, { method: 'POST', body: new URLSearchParams({ token: server.botToken }) });
    expect(await form.json()).toMatchObject({ ok: true });
    const app = new webApi.WebClient(server.appToken, { slackApiUrl: server.apiUrl, logLevel: webApi.LogLevel.ERROR });
    await expect(app.chat.postMessage({ channel: 'C0GENERAL', text: 'hi' })).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
    await expect(client.apps.connections.open({})).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
    const opened = await app.apps.connections.open({});
    expect(opened.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
  });
});

describe('messages', () => {
  it('posts, threads, updates, reacts and deletes, keeping the thread', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hello*' } }];
    const parent = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'hello', blocks, mrkdwn: true });
    expect(parent).toMatchObject({ ok: true, channel: 'C0GENERAL', message: { text: 'hello', bot_id: 'B0BOT0001', blocks } });
    const parentTs = parent.ts ?? '';
    const reply = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'in the thread', thread_ts: parentTs });
    expect(reply.ts).not.toBe(parentTs);
    expect(server.posts.at(-1)).toMatchObject({ via: 'chat.postMessage', channel: 'C0GENERAL', threadTs: parentTs, text: 'in the thread' });

    await client.chat.update({ channel: 'C0GENERAL', ts: reply.ts ?? '', text: 'edited' });
    await client.reactions.add({ channel: 'C0GENERAL', timestamp: parentTs, name: 'eyes' });
    await expect(client.reactions.add({ channel: 'C0GENERAL', timestamp: parentTs, name: 'eyes' })).rejects.toMatchObject({ data: { error: 'already_reacted' } });

    const thread = await client.conversations.replies({ channel: 'C0GENERAL', ts: parentTs });
    expect(thread.messages?.map((message) => message.text)).toEqual(['hello', 'edited']);
    expect(thread.messages?.[0]).toMatchObject({ reply_count: 1, thread_ts: parentTs, reactions: [{ name: 'eyes', count: 1 }] });

    await client.chat.delete({ channel: 'C0GENERAL', ts: reply.ts ?? '' });
    expect(server.history('C0GENERAL').map((message) => message.text)).not.toContain('edited');
    expect(server.posts.map((post) => post.via).slice(-4)).toEqual(['chat.postMessage', 'chat.update', 'reactions.add', 'chat.delete']);
  });

  it('answers Slack errors for an unknown channel, a message without text and bad blocks', async () => {
    await expect(client.chat.postMessage({ channel: 'C0NOWHERE', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(client.apiCall('chat.postMessage', { channel: 'C0GENERAL' })).rejects.toMatchObject({ data: { error: 'no_text' } });
    await expect(client.apiCall('chat.postMessage', { channel: 'C0GENERAL', blocks: '{not json' })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
  });

  it('takes JSON bodies with the token in the header', async () => {
    const res = await fetch(`${server.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C0GENERAL', text: 'from json', blocks: [{ type: 'divider' }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, message: { text: 'from json', blocks: [{ type: 'divider' }] } });
  });

  it('posts ephemeral messages to one user, and describes users and channels', async () => {
    const ephemeral = await client.chat.postEphemeral({ channel: 'C0GENERAL', user: 'U0ALICE', text: 'only you' });
    expect(ephemeral.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(server.posts.at(-1)).toMatchObject({ via: 'chat.postEphemeral', user: 'U0ALICE', text: 'only you' });
    expect((await client.users.info({ user: 'U0ALICE' })).user).toMatchObject({ id: 'U0ALICE', name: 'alice', is_bot: false });
    expect((await client.conversations.info({ channel: 'C0GENERAL' })).channel).toMatchObject({ id: 'C0GENERAL', name: 'general', is_channel: true, is_im: false });
  });
});

describe('scripted failures', () => {
  it('answers 429 with Retry-After, which WebClient waits out before retrying', async () => {
    // Short backoff of its own, so the wait measured is Retry-After's.
    const quick = new webApi.WebClient(server.botToken, { slackApiUrl: server.apiUrl, retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 10 }, logLevel: webApi.LogLevel.ERROR });
    server.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    const result = await quick.chat.postMessage({ channel: 'C0GENERAL', text: 'after the limit' });
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const attempts = server.calls.filter((call) => call.method === 'chat.postMessage' && call.params.text === 'after the limit');
    expect(attempts.map((call) => [call.status, call.response.error])).toEqual([[429, 'ratelimited'], [200, undefined]]);
  });

  it('rejects rate-limited calls when the client asks it to', async () => {
    const strict = new webApi.WebClient(server.botToken, { slackApiUrl: server.apiUrl, rejectRateLimitedCalls: true, logLevel: webApi.LogLevel.ERROR });
    server.failNext('auth.test', { status: 429, retryAfter: 7 });
    await expect(strict.auth.test()).rejects.toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 7 });
  });

  it('answers other scripted platform errors', async () => {
    server.failNext('users.info', { error: 'fatal_error' });
    await expect(client.users.info({ user: 'U0ALICE' })).rejects.toMatchObject({ data: { ok: false, error: 'fatal_error' } });
    expect((await client.users.info({ user: 'U0ALICE' })).ok).toBe(true);
  });
});
