import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSlackServer } from './server.ts';
import type { SlackServer } from './types.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function slack(options: Parameters<typeof startSlackServer>[0] = {}): Promise<SlackServer> {
  const server = await startSlackServer(options);
  cleanups.push(() => server.close());
  return server;
}

/** A Bolt app that answers DMs; `quick` uses a receiver that reconnects after 150 ms instead of 5 s. */
async function boltApp(server: SlackServer, quick = false): Promise<App> {
  const clientOptions = { slackApiUrl: server.apiUrl };
  const receiver = quick ? new SocketModeReceiver({ appToken: server.appToken, clientPingTimeout: 150, logLevel: LogLevel.ERROR, installerOptions: { clientOptions } }) : undefined;
  const app = receiver === undefined
    ? new App({ token: server.botToken, socketMode: true, appToken: server.appToken, clientOptions, logLevel: LogLevel.ERROR })
    : new App({ token: server.botToken, receiver, clientOptions, logLevel: LogLevel.ERROR });
  app.message(async ({ message, say }) => {
    if (message.subtype === undefined) await say(`pong: ${message.text ?? ''}`);
  });
  app.command('/ask', async ({ ack, command }) => {
    await ack({ response_type: 'in_channel', text: `asked: ${command.text}` });
  });
  await app.start();
  cleanups.push(async () => {
    await app.stop();
  });
  return app;
}

describe('Socket Mode with a Bolt app', () => {
  it('opens the connection through slackApiUrl with the app-level token and receives a DM', async () => {
    const server = await slack();
    await boltApp(server);
    const opens = server.calls.filter((call) => call.method === 'apps.connections.open');
    expect(opens).toMatchObject([{ token: server.appToken, response: { ok: true } }]);
    expect(server.socketConnections()).toBe(1);

    const said = await server.userSays({ channel: 'D0ALICE', user: 'U0ALICE', text: 'ping' });
    expect(said.deliveries).toMatchObject([{ transport: 'socket', acked: true, attempts: [{ retryNum: 0, failure: undefined }] }]);
    await server.waitFor((post) => post.channel === 'D0ALICE' && post.text === 'pong: ping');
  });

  it('delivers slash commands as envelopes whose ack carries the response', async () => {
    const server = await slack();
    await boltApp(server);
    const delivery = await server.slashCommand({ command: '/ask', text: 'why', user: 'U0ALICE', channel: 'C0GENERAL' });
    expect(delivery).toMatchObject({ transport: 'socket', acked: true, response: { text: 'asked: why' } });
    expect(server.history('C0GENERAL').at(-1)?.text).toBe('asked: why');
  });

  it('gets a dropped connection back after stop() and start(), then delivers the next event', async () => {
    const server = await slack();
    await boltApp(server, true);
    await server.stop();
    expect(server.socketConnections()).toBe(0);
    await server.start();
    await expect.poll(() => server.socketConnections(), { timeout: 3000 }).toBe(1);
    expect(server.calls.filter((call) => call.method === 'apps.connections.open').length).toBeGreaterThanOrEqual(2);
    await server.userSays({ channel: 'D0ALICE', user: 'U0ALICE', text: 'still there?' });
    await server.waitFor((post) => post.text === 'pong: still there?');
  });

  it('holds an event sent while the app is away until it reconnects', async () => {
    const server = await slack();
    await boltApp(server, true);
    await server.stop();
    const said = server.userSays({ channel: 'D0ALICE', user: 'U0ALICE', text: 'while you were out' });
    await server.start();
    expect((await said).deliveries[0]?.acked).toBe(true);
    await server.waitFor((post) => post.text === 'pong: while you were out');
  });

  it('sends disconnect (refresh_requested) and the client reconnects with a new URL', async () => {
    const server = await slack();
    await boltApp(server, true);
    server.disconnect('refresh_requested');
    await expect.poll(() => server.calls.filter((call) => call.method === 'apps.connections.open').length, { timeout: 3000 }).toBe(2);
    await expect.poll(() => server.socketConnections(), { timeout: 3000 }).toBe(1);
    await server.userSays({ channel: 'D0ALICE', user: 'U0ALICE', text: 'refreshed' });
    await server.waitFor((post) => post.text === 'pong: refreshed');
  });
});

describe('echoes of the bot\'s own messages', () => {
  it('are sent as message events with bot_id, which Bolt ignores', async () => {
    const server = await slack({ echoBotMessages: true });
    await boltApp(server);
    await server.userSays({ channel: 'D0ALICE', user: 'U0ALICE', text: 'ping' });
    await server.waitFor((post) => post.text === 'pong: ping');
    await expect.poll(() => server.deliveries.length).toBe(2);
    expect(server.deliveries[1]).toMatchObject({ acked: true, payload: { event: { type: 'message', channel_type: 'im', bot_id: server.bot.botId, user: server.bot.userId, text: 'pong: ping' } } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.posts.map((post) => post.text)).toEqual(['pong: ping']);
  });
});

describe('Socket Mode protocol', () => {
  it('says hello, redelivers an unacked event with retry_attempt, and stops once acked', async () => {
    const server = await slack({ socketMode: true, ackTimeoutMs: 100, retryDelaysMs: [10, 10] });
    const ws = new WebSocket(await openUrl(server));
    const messages: Record<string, unknown>[] = [];
    ws.on('message', (data) => {
      const message: unknown = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '{}');
      if (typeof message !== 'object' || message === null) return;
      const record: Record<string, unknown> = Object.fromEntries(Object.entries(message));
      messages.push(record);
      // Ignore the first delivery; ack the redelivery.
      if (record.type === 'events_api' && record.retry_attempt === 1) ws.send(JSON.stringify({ envelope_id: record.envelope_id }));
    });
    cleanups.push(() => {
      ws.close();
      return Promise.resolve();
    });
    await expect.poll(() => messages[0]?.type).toBe('hello');

    const said = await server.userSays({ channel: 'D0ALICE', user: 'U0ALICE', text: 'anyone?' });
    const envelopes = messages.filter((message) => message.type === 'events_api');
    expect(envelopes).toMatchObject([
      { retry_attempt: 0, retry_reason: '', accepts_response_payload: false, payload: { event: { type: 'message', text: 'anyone?' } } },
      { retry_attempt: 1, retry_reason: 'timeout' },
    ]);
    expect(envelopes[0]?.envelope_id).toBe(envelopes[1]?.envelope_id);
    expect(said.deliveries[0]).toMatchObject({ acked: true, attempts: [{ failure: 'timeout' }, { failure: undefined }] });
  });

  it('refuses a socket without a valid ticket', async () => {
    const server = await slack();
    const forged = (await openUrl(server)).replace(/ticket=[^&]+/, 'ticket=made-up');
    const ws = new WebSocket(forged);
    const status = await new Promise((resolve) => ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode);
    }));
    expect(status).toBe(401);
  });
});

/** What Bolt's socket client does first: apps.connections.open with the app-level token. */
async function openUrl(server: SlackServer): Promise<string> {
  const res = await fetch(`${server.apiUrl}apps.connections.open`, { method: 'POST', headers: { authorization: `Bearer ${server.appToken}` } });
  const body: unknown = await res.json();
  const url = typeof body === 'object' && body !== null && 'url' in body ? body.url : undefined;
  if (typeof url !== 'string') throw new Error('apps.connections.open answered no url');
  return url;
}
