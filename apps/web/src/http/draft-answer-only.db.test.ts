// Only the answer streams into a chat: a model that streams text that does not go on to a reply (here a
// classifier ahead of the answering model) is never shown to the Telegram user as a draft.
import { startOpenAIServer, startTelegramServer, type OpenAIServer, type TelegramServer } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApi, type ListeningApi } from './test-api.ts';

const TOKEN = '7000000080:AAswitchboard-answer-only-01';
const SECRET = 'internal-category-billing classified from the question with a confidence of ninety percent';
const ANSWER = 'Your invoice is sent on the first working day of every month and you can download it from the billing page at any time';

let openai: OpenAIServer;
let telegram: TelegramServer;
let api: ListeningApi;

beforeAll(async () => {
  openai = await startOpenAIServer();
  telegram = await startTelegramServer({ token: TOKEN, botUsername: 'answer_bot' });
  api = await startListeningApi();
  const model = (prompt: string) => ({ provider: 'custom', baseUrl: openai.url, model: 'test-model', prompt, useMemory: false, stream: true });
  const flowId = await api.publish({
    schemaVersion: 1,
    name: 'Classify then answer',
    nodes: [
      { id: 'in', type: 'trigger.telegram', typeVersion: 1, config: {} },
      { id: 'classify', type: 'model.chat', typeVersion: 1, config: model('Classify: {{ message.text }}') },
      { id: 'answer', type: 'model.chat', typeVersion: 1, config: model('{{ message.text }} ({{ nodes.classify.text }})') },
      { id: 'reply', type: 'conversation.reply', typeVersion: 1, config: { text: '{{ nodes.answer.text }}' } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourcePort: 'text', target: 'classify', targetPort: 'in' },
      { id: 'e2', source: 'classify', sourcePort: 'text', target: 'answer', targetPort: 'in' },
      { id: 'e3', source: 'answer', sourcePort: 'text', target: 'reply', targetPort: 'in' },
    ],
  });
  await api.connectChannel({ type: 'telegram', name: 'Answer only', flowId, secret: { botToken: TOKEN }, config: { mode: 'polling', apiRoot: telegram.url } });
}, 120_000);

afterAll(async () => {
  await api.close();
  await Promise.all([telegram.close(), openai.close()]);
});

describe('streaming into a chat', () => {
  it('shows the answering model\'s draft, never the classifier\'s', async () => {
    openai.enqueue({ content: SECRET, chunkDelayMs: 60 }, { content: ANSWER, chunkDelayMs: 60 });
    const cy = telegram.createUser({ firstName: 'Cy' });
    telegram.userSends({ chat: telegram.privateChat(cy), from: cy, text: 'when do I get my invoice?' });
    await telegram.waitForSent((event) => (event.kind === 'edit' || event.kind === 'message') && event.chatId === cy.id && event.text === ANSWER, 30_000);
    const shown = telegram.sent.flatMap((event) => ((event.kind === 'message' || event.kind === 'edit') && event.chatId === cy.id ? [event.text ?? ''] : []));
    expect(shown.length).toBeGreaterThanOrEqual(2); // a draft of the answer, then the answer
    for (const text of shown) expect(text).not.toContain('internal-category');
    expect(shown.at(-1)).toBe(ANSWER);
  }, 60_000);
});
