// Queue mode: the worker that runs a channel turn streams the model's answer into the chat as a draft
// and turns it into the reply when it writes the turn; the web tier, which only records messages,
// learns from its first turn that it must not.
import { startOpenAIServer, startTelegramServer, type OpenAIServer, type TelegramServer } from '@switchboard/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startQueueTestSwitchboard, type QueueTestSwitchboard } from '../testing.ts';

const TOKEN = '7000000098:AAswitchboard-queue-drafts-01';
const ANSWER = 'A worker streams this answer into the chat while the model writes it and then replaces the draft with the whole reply when the turn is written to the database by that same worker';
let telegram: TelegramServer;
let openai: OpenAIServer;
let cluster: QueueTestSwitchboard;

beforeAll(async () => {
  telegram = await startTelegramServer({ token: TOKEN, botUsername: 'queue_draft_bot' });
  openai = await startOpenAIServer();
  cluster = await startQueueTestSwitchboard();
}, 120_000);
afterAll(async () => {
  await cluster.dispose();
  await Promise.all([telegram.close(), openai.close()]);
});

it('streams through the worker: one message, drafted, edited, and finally the whole answer', async () => {
  const { service } = cluster;
  const flow = await service.importFlow({
    schemaVersion: 1,
    name: 'Queued streaming',
    nodes: [
      { id: 'tg', type: 'trigger.telegram', typeVersion: 1, config: {} },
      { id: 'llm', type: 'model.chat', typeVersion: 1, config: { baseUrl: openai.url, model: 'test-model', prompt: '{{ message.text }}', stream: true } },
      { id: 'reply', type: 'conversation.reply', typeVersion: 1, config: { text: '{{ nodes.llm.text }}' } },
    ],
    edges: [
      { id: 'e1', source: 'tg', sourcePort: 'text', target: 'llm', targetPort: 'in' },
      { id: 'e2', source: 'llm', sourcePort: 'text', target: 'reply', targetPort: 'in' },
    ],
  });
  await service.publish(flow.id);
  const credential = await service.createCredential({ name: 'Queue bot', type: 'telegram', secret: { botToken: TOKEN } });
  const channel = await service.createChannel({ name: 'Queued', type: 'telegram', flowId: flow.id, credentialId: credential.id, config: { mode: 'polling', apiRoot: telegram.url } });
  await expect.poll(async () => (await service.getChannel(channel.id)).status.state, { timeout: 10_000 }).toBe('connected');

  for (const [index, content] of [ANSWER, `${ANSWER} again`].entries()) {
    openai.enqueue({ content, chunkDelayMs: 80 });
    const user = telegram.createUser({ firstName: `User${index}` });
    telegram.userSends({ chat: telegram.privateChat(user), from: user, text: 'tell me' });
    await telegram.waitForSent((event) => event.kind === 'edit' && event.chatId === user.id && event.text === content, 30_000);
    const shown = telegram.sent.filter((event) => (event.kind === 'message' || event.kind === 'edit' || event.kind === 'delete') && event.chatId === user.id);
    // Only the worker drafts (the web tier never does, not even before it learned the mode), so: one message, then edits of it.
    expect(shown.filter((event) => event.kind === 'message')).toHaveLength(1);
    const [draft] = shown;
    expect(draft?.kind === 'message' && draft.text).toMatch(/ ▍$/);
    expect(shown.filter((event) => event.kind === 'edit').length).toBeGreaterThanOrEqual(2);
    expect(shown.some((event) => event.kind === 'delete')).toBe(false);
  }
}, 90_000);
