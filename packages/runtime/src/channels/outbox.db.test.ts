// A reply that could not reach the platform survives a restart in the outbox and is sent once the
// platform is back: nothing the flow answered is lost.
import { telegramWebhookSecret } from '@switchboard/nodes/server';
import { startTelegramServer, type TelegramSentEvent, type TelegramServer } from '@switchboard/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestSwitchboard, type TestSwitchboard } from '../testing.ts';

const TOKEN = '7000000055:AAswitchboard-outbox-test-001';
let telegram: TelegramServer;
let handle: TestSwitchboard;

beforeAll(async () => {
  telegram = await startTelegramServer({ token: TOKEN, botUsername: 'outbox_bot' });
  // Webhook mode, delivered by hand below: the address only has to exist for the registration.
  handle = await startTestSwitchboard({ channelOutbox: { intervalMs: 100, retryMs: 100 }, publicUrl: 'http://127.0.0.1:9' });
}, 120_000);
afterAll(async () => {
  await handle.dispose();
  await telegram.close();
});

function sentText(event: TelegramSentEvent): string | undefined {
  return event.kind === 'message' ? event.message.text : undefined;
}

it('sends a reply after a restart when the platform was down at the time', async () => {
  const flow = await handle.service.importFlow({
    schemaVersion: 1,
    name: 'Outbox',
    nodes: [
      { id: 'tg', type: 'trigger.telegram', typeVersion: 1, config: {} },
      { id: 'first', type: 'conversation.reply', typeVersion: 1, config: { text: 'first: {{ message.text }}' } },
      { id: 'second', type: 'conversation.reply', typeVersion: 1, config: { text: 'second' } },
    ],
    edges: [
      { id: 'e1', source: 'tg', sourcePort: 'text', target: 'first', targetPort: 'in' },
      { id: 'e2', source: 'first', sourcePort: 'out', target: 'second', targetPort: 'in' },
    ],
  });
  await handle.service.publish(flow.id);
  const credential = await handle.service.createCredential({ name: 'Outbox bot', type: 'telegram', secret: { botToken: TOKEN } });
  const channel = await handle.service.createChannel({ name: 'Outbox', type: 'telegram', flowId: flow.id, credentialId: credential.id, config: { mode: 'webhook', apiRoot: telegram.url } });

  const ann = telegram.createUser({ firstName: 'Ann' });
  const { update } = telegram.userSends({ chat: telegram.privateChat(ann), from: ann, text: 'are you there' });
  await telegram.stop();
  const answer = await handle.service.receiveChannelDelivery(channel.id, {
    headers: { 'x-telegram-bot-api-secret-token': telegramWebhookSecret(TOKEN, channel.id) },
    rawBody: JSON.stringify(update),
    receivedAt: Date.now(),
  });
  expect(answer.status).toBe(200);
  // The turn is recorded; its replies could not go out.
  await expect.poll(async () => (await handle.service.getChannel(channel.id)).status.lastError ?? '', { timeout: 10_000 }).toMatch(/could not send a reply/);

  const service = await handle.restart();
  await telegram.start();
  await telegram.waitForSent((event) => sentText(event) === 'second', 15_000);
  expect(telegram.sent.filter((event) => event.kind === 'message' && event.chatId === ann.id).map(sentText)).toEqual(['first: are you there', 'second']);
  const conversations = await service.listConversations({ channel: 'telegram', limit: 10 });
  expect(conversations.items).toHaveLength(1);
}, 60_000);
