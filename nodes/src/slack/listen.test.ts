import type { BotIdentity, InboundChannelMessage, ListenHandlers } from '@switchboard/channels';
import { startSlackServer, type SlackServer } from '@switchboard/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { slackAdapter } from './adapter.ts';
import { slackContext, type TestContext } from './test-context.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Listening {
  slack: SlackServer;
  context: TestContext;
  /** What the handlers were told, in order: `connected`, `disconnected: <why>`, `deliver: <texts>`. */
  told: string[];
  delivered: InboundChannelMessage[];
  /** Holds each deliver() until released, to see what waits for it. */
  hold: () => () => void;
  stop: () => Promise<void>;
}

async function listening(): Promise<Listening> {
  const slack = await startSlackServer({ socketMode: true });
  cleanups.push(() => slack.close());
  const context = slackContext(slack, 'socket');
  const bot: BotIdentity = await slackAdapter.identify(context);
  const told: string[] = [];
  const delivered: InboundChannelMessage[] = [];
  let gate: Promise<void> = Promise.resolve();
  const handlers: ListenHandlers = {
    deliver: async (messages) => {
      told.push(`deliver: ${messages.map((message) => message.text).join(', ')}`);
      await gate;
      delivered.push(...messages);
    },
    connected: () => told.push('connected'),
    disconnected: (error) => told.push(`disconnected: ${error}`),
  };
  const controller = new AbortController();
  const done = slackAdapter.listen?.(context, bot, handlers, controller.signal);
  const stop = async () => {
    controller.abort();
    await done;
  };
  cleanups.push(stop);
  await expect.poll(() => told).toEqual(['connected']);
  return {
    slack,
    context,
    told,
    delivered,
    hold: () => {
      let release = () => undefined;
      gate = new Promise((resolve) => {
        release = () => { resolve(); };
      });
      return release;
    },
    stop,
  };
}

describe('Socket Mode', () => {
  it('opens the connection with the app token and acknowledges a DM only after deliver() resolved', async () => {
    const { slack, told, delivered, hold } = await listening();
    expect(slack.calls.filter((call) => call.method === 'apps.connections.open')).toMatchObject([{ token: slack.appToken, response: { ok: true } }]);
    expect(slack.socketConnections()).toBe(1);

    const release = hold();
    const said = slack.userSays({ channel: 'D0ALICE', user: 'U0ALICE', text: 'ping' });
    await expect.poll(() => told.at(-1)).toBe('deliver: ping');
    let acked = false;
    void said.then(() => { acked = true; });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(acked).toBe(false);
    expect(slack.deliveries).toEqual([]);

    release();
    const { ts, deliveries } = await said;
    expect(deliveries).toMatchObject([{ transport: 'socket', acked: true, attempts: [{ retryNum: 0, failure: undefined }] }]);
    expect(delivered).toMatchObject([{ platform: 'slack', messageId: ts, chat: { id: 'D0ALICE', kind: 'private' }, sender: { id: 'U0ALICE' }, text: 'ping' }]);
  });

  it('brings slash commands and button clicks over the same socket', async () => {
    const { slack, context, delivered } = await listening();
    const command = await slack.slashCommand({ command: '/ask', text: 'why', user: 'U0ALICE', channel: 'C0GENERAL' });
    expect(command).toMatchObject({ transport: 'socket', acked: true, response: undefined });
    expect(delivered.at(-1)).toMatchObject({ chat: { id: 'C0GENERAL', kind: 'group' }, text: '/ask why', command: { name: 'ask', args: 'why' } });

    const [sent] = await slackAdapter.send(context, { chatId: 'C0GENERAL', chatKind: 'group' }, { text: 'Pick', data: { buttons: [{ label: 'A', value: 'option a' }] } });
    const click = await slack.clickButton({ actionId: 'switchboard-0', user: 'U0ALICE', messageTs: sent?.messageId ?? '' });
    expect(click).toMatchObject({ transport: 'socket', acked: true });
    expect(delivered.at(-1)).toMatchObject({ text: 'option a', replyTo: { messageId: sent?.messageId, fromBot: true } });
  });

  it('reports a lost connection, reconnects when Slack is back, and gets the next message', async () => {
    const { slack, context, told, delivered } = await listening();
    await slack.stop();
    await expect.poll(() => told.length).toBe(2);
    expect(told[1]).toBe('disconnected: cannot reach Slack (ECONNREFUSED)');
    // Outages are reported through the handlers, not logged line by line by the SDK.
    expect(context.logs).toEqual([]);
    await slack.start();
    await expect.poll(() => told.at(-1), { timeout: 5000 }).toBe('connected');
    expect(told.filter((line) => line === 'connected')).toHaveLength(2);
    expect(slack.socketConnections()).toBe(1);

    await slack.userSays({ channel: 'D0ALICE', user: 'U0ALICE', text: 'still there?' });
    expect(delivered.at(-1)?.text).toBe('still there?');
  });

  it('follows Slack\'s refresh without reporting an outage', async () => {
    const { slack, told, delivered } = await listening();
    slack.disconnect('refresh_requested');
    await expect.poll(() => slack.calls.filter((call) => call.method === 'apps.connections.open').length).toBe(2);
    await expect.poll(() => slack.socketConnections()).toBe(1);
    await slack.userSays({ channel: 'D0ALICE', user: 'U0ALICE', text: 'refreshed' });
    expect(delivered.at(-1)?.text).toBe('refreshed');
    expect(told).toEqual(['connected', 'deliver: refreshed']);
  });

  it('reports an outage when connections keep closing as soon as they open', async () => {
    const { slack, told } = await listening();
    const opens = () => slack.calls.filter((call) => call.method === 'apps.connections.open').length;
    for (const drop of [1, 2, 3]) {
      await expect.poll(() => slack.socketConnections()).toBe(1);
      slack.disconnect('refresh_requested');
      // The first two are taken for refreshes: straight back.
      if (drop < 3) await expect.poll(() => opens()).toBe(drop + 1);
    }
    await expect.poll(() => told.length).toBe(2);
    expect(told).toEqual(['connected', expect.stringMatching(/keeps closing the Socket Mode connection/)]);
    await expect.poll(() => told.at(-1), { timeout: 3000 }).toBe('connected');
  });

  it('closes the connection and returns when the signal aborts', async () => {
    const { slack, stop } = await listening();
    await stop();
    await expect.poll(() => slack.socketConnections()).toBe(0);
    const opens = slack.calls.filter((call) => call.method === 'apps.connections.open').length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(slack.calls.filter((call) => call.method === 'apps.connections.open').length).toBe(opens);
  });

  it('says what is wrong when the app token is refused, and keeps trying', async () => {
    const slack = await startSlackServer({ socketMode: true });
    cleanups.push(() => slack.close());
    const context = slackContext(slack, 'socket');
    const told: string[] = [];
    const controller = new AbortController();
    const done = slackAdapter.listen?.({ ...context, secret: { ...context.secret, appToken: 'xapp-1-wrong' } }, { id: slack.bot.userId }, {
      deliver: () => Promise.resolve(),
      connected: () => told.push('connected'),
      disconnected: (error) => told.push(error),
    }, controller.signal);
    await expect.poll(() => told).toEqual(['Slack answered invalid_auth']);
    controller.abort();
    await done;
  });
});
