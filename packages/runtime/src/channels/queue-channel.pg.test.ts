// Queue mode: the web tier takes a Telegram channel's messages, a worker runs the turns and sends the
// replies — also those of a delayed step, when no request is waiting for them any more.
import { startTelegramServer, type TelegramSentEvent, type TelegramServer } from '@switchboard/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startQueueTestSwitchboard, type QueueTestSwitchboard } from '../testing.ts';

const TOKEN = '7000000099:AAswitchboard-queue-channel-01';
let telegram: TelegramServer;
let cluster: QueueTestSwitchboard;

beforeAll(async () => {
  telegram = await startTelegramServer({ token: TOKEN, botUsername: 'queue_bot' });
  cluster = await startQueueTestSwitchboard();
}, 120_000);
afterAll(async () => {
  await cluster.dispose();
  await telegram.close();
});

function sentText(event: TelegramSentEvent): string | undefined {
  return event.kind === 'message' ? event.message.text : undefined;
}

it('answers through the worker, now and after a delay', async () => {
  const { service } = cluster;
  const flow = await service.importFlow({
    schemaVersion: 1,
    name: 'Queued Telegram',
    nodes: [
      { id: 'tg', type: 'trigger.telegram', typeVersion: 1, config: {} },
      { id: 'now', type: 'conversation.reply', typeVersion: 1, config: { text: 'Got: {{ message.text }}' } },
      { id: 'wait', type: 'logic.delay', typeVersion: 1, config: { seconds: 1 } },
      { id: 'later', type: 'conversation.reply', typeVersion: 1, config: { text: 'A second later.' } },
    ],
    edges: [
      { id: 'e1', source: 'tg', sourcePort: 'text', target: 'now', targetPort: 'in' },
      { id: 'e2', source: 'now', sourcePort: 'out', target: 'wait', targetPort: 'in' },
      { id: 'e3', source: 'wait', sourcePort: 'out', target: 'later', targetPort: 'in' },
    ],
  });
  await service.publish(flow.id);
  const credential = await service.createCredential({ name: 'Queue bot', type: 'telegram', secret: { botToken: TOKEN } });
  const channel = await service.createChannel({ name: 'Queued', type: 'telegram', flowId: flow.id, credentialId: credential.id, config: { mode: 'polling', apiRoot: telegram.url } });
  await expect.poll(async () => (await service.getChannel(channel.id)).status.state, { timeout: 10_000 }).toBe('connected');

  const ann = telegram.createUser({ firstName: 'Ann' });
  telegram.userSends({ chat: telegram.privateChat(ann), from: ann, text: 'queued hello' });
  await telegram.waitForSent((event) => sentText(event) === 'Got: queued hello', 15_000);
  await telegram.waitForSent((event) => sentText(event) === 'A second later.', 15_000);
  expect(telegram.sent.filter((event) => event.kind === 'message' && event.chatId === ann.id).map(sentText)).toEqual(['Got: queued hello', 'A second later.']);
}, 60_000);
