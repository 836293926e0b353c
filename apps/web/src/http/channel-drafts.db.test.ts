// Streamed answers in IM channels: a model streams from the local OpenAI server, the Telegram and Slack
// users see a draft message that grows by edits, and the turn's reply replaces it in place.
import { startOpenAIServer, startSlackServer, startTelegramServer, type OpenAIServer, type SlackServer, type TelegramSentEvent, type TelegramServer } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApi, type ListeningApi } from './test-api.ts';

const TOKEN = '7000000078:AAswitchboard-drafts-test-01';
const CURSOR = ' ▍';
/** Plain words, so Telegram HTML and Slack mrkdwn show them as they are. */
const ANSWER = 'Streaming answers arrive word by word so people see the reply grow while the model is still writing it and the final text replaces the draft in place without a second message at the end of the turn';
const OTHER_ANSWER = 'When the last edit fails the reply is sent as a new message instead and the half written draft is removed from the chat so nothing is lost and nothing is shown twice to the person';
/** Slow enough that a draft is shown and edited several times before the turn ends (about 3 s). */
const CHUNK_DELAY_MS = 80;

let openai: OpenAIServer;
let telegram: TelegramServer;
let slack: SlackServer;
let api: ListeningApi;

function modelFlow(trigger: 'trigger.telegram' | 'trigger.slack') {
  return {
    schemaVersion: 1,
    name: `Streaming on ${trigger}`,
    nodes: [
      { id: 'in', type: trigger, typeVersion: 1, config: {} },
      { id: 'llm', type: 'model.chat', typeVersion: 1, config: { baseUrl: openai.url, model: 'test-model', prompt: '{{ message.text }}', stream: true } },
      { id: 'reply', type: 'conversation.reply', typeVersion: 1, config: { text: '{{ nodes.llm.text }}' } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourcePort: 'text', target: 'llm', targetPort: 'in' },
      { id: 'e2', source: 'llm', sourcePort: 'text', target: 'reply', targetPort: 'in' },
    ],
  };
}

beforeAll(async () => {
  openai = await startOpenAIServer();
  telegram = await startTelegramServer({ token: TOKEN, botUsername: 'stream_bot' });
  slack = await startSlackServer();
  slack.addUser({ id: 'U0ZED', name: 'zed' });
  slack.addChannel({ id: 'D0ZED', user: 'U0ZED' });
  api = await startListeningApi();
  await api.connectChannel({ type: 'telegram', name: 'Streaming telegram', flowId: await api.publish(modelFlow('trigger.telegram')), secret: { botToken: TOKEN }, config: { mode: 'polling', apiRoot: telegram.url } });
  await api.connectChannel({
    type: 'slack',
    name: 'Streaming slack',
    flowId: await api.publish(modelFlow('trigger.slack')),
    secret: { botToken: slack.botToken, appToken: slack.appToken },
    config: { mode: 'socket', apiUrl: slack.apiUrl },
  });
  // The server is not told its dispatcher's mode: it learns from its first channel turn that turns
  // are written here (inline), and streams from the next one on.
  openai.enqueue({ content: 'Hello.' });
  const warm = telegram.createUser({ firstName: 'Warm' });
  telegram.userSends({ chat: telegram.privateChat(warm), from: warm, text: 'hi' });
  await telegram.waitForSent((event) => event.kind === 'message' && event.chatId === warm.id && event.text === 'Hello.', 30_000);
}, 120_000);

afterAll(async () => {
  await api.close();
  await Promise.all([telegram.close(), slack.close(), openai.close()]);
});

type Shown = Extract<TelegramSentEvent, { kind: 'message' | 'edit' | 'delete' }>;

/** What the bot did in one chat: messages, edits, deletions. */
function shownIn(chatId: number): Shown[] {
  return telegram.sent.flatMap((event) => ((event.kind === 'message' || event.kind === 'edit' || event.kind === 'delete') && event.chatId === chatId ? [event] : []));
}

function textCalls(chatId: number) {
  return telegram.calls.filter((call) => (call.method === 'sendMessage' || call.method === 'editMessageText') && String(call.params.chat_id) === String(chatId));
}

/** A draft's text: a beginning of the answer, with the cursor after it. */
function expectDraftOf(text: string | undefined, answer: string): void {
  expect(text?.endsWith(CURSOR)).toBe(true);
  const body = (text ?? '').slice(0, -CURSOR.length);
  expect(body.length).toBeGreaterThan(0);
  expect(answer.startsWith(body)).toBe(true);
}

describe('a streamed answer on Telegram', () => {
  it('shows a draft, edits it as the model writes, and ends as the whole answer in that one message', async () => {
    openai.enqueue({ content: ANSWER, chunkDelayMs: CHUNK_DELAY_MS });
    const ann = telegram.createUser({ firstName: 'Ann' });
    const chat = telegram.privateChat(ann);
    telegram.userSends({ chat, from: ann, text: 'how does streaming work?' });
    const final = await telegram.waitForSent((event) => event.kind === 'edit' && event.chatId === ann.id && event.text === ANSWER, 30_000);
    expect(final.kind === 'edit' && final.message.text).toBe(ANSWER);

    const shown = shownIn(ann.id);
    const [draft, ...edits] = shown;
    if (draft?.kind !== 'message') throw new Error(`the first thing shown was not a draft message: ${JSON.stringify(shown)}`);
    expectDraftOf(draft.text, ANSWER);
    // At least one edit while it streamed, then the final one; all of that one message.
    expect(edits.length).toBeGreaterThanOrEqual(2);
    for (const edit of edits) expect(edit).toMatchObject({ kind: 'edit', messageId: draft.message.message_id });
    const texts = edits.flatMap((edit) => (edit.kind === 'edit' ? [edit.text] : []));
    expect(texts.at(-1)).toBe(ANSWER);
    for (const text of texts.slice(0, -1)) expectDraftOf(text, ANSWER);
    // No edit repeated the text before it, and Telegram refused none as "not modified".
    for (const [index, text] of texts.entries()) expect(text).not.toBe(index === 0 ? draft.text : texts[index - 1]);
    const calls = textCalls(ann.id);
    expect(calls.filter((call) => call.method === 'editMessageText')).toHaveLength(edits.length);
    // Draft updates are a second apart, counted from Telegram's answer to the one before (the last
    // edit, the reply itself, need not wait); a little slack for timer rounding.
    const draftTimes = calls.slice(0, -1).map((call) => call.at);
    for (const [index, at] of draftTimes.entries()) if (index > 0) expect(at - (draftTimes[index - 1] ?? 0)).toBeGreaterThanOrEqual(950);

    // The next turn in the chat is answered, and the first answer never came a second time.
    openai.enqueue({ content: 'Glad to help.' });
    telegram.userSends({ chat, from: ann, text: 'thanks' });
    await telegram.waitForSent((event) => (event.kind === 'message' || event.kind === 'edit') && event.chatId === ann.id && event.text === 'Glad to help.', 30_000);
    const messages = shownIn(ann.id).filter((event) => event.kind === 'message');
    expect(messages).toHaveLength(2);
    expect(messages.some((event) => event.text === ANSWER)).toBe(false);
  }, 60_000);

  it('still delivers the reply when the edits fail: as a new message, the draft removed', async () => {
    // The first draft edit fails (the draft stops changing), then the final edit fails too.
    telegram.failNext('editMessageText', { status: 400, description: 'Bad Request: scripted edit failure' });
    telegram.failNext('editMessageText', { status: 400, description: 'Bad Request: scripted edit failure' });
    openai.enqueue({ content: OTHER_ANSWER, chunkDelayMs: CHUNK_DELAY_MS });
    const bo = telegram.createUser({ firstName: 'Bo' });
    telegram.userSends({ chat: telegram.privateChat(bo), from: bo, text: 'and if editing fails?' });
    await telegram.waitForSent((event) => event.kind === 'message' && event.chatId === bo.id && event.text === OTHER_ANSWER, 30_000);

    const shown = shownIn(bo.id);
    const [draft] = shown;
    if (draft?.kind !== 'message') throw new Error(`no draft: ${JSON.stringify(shown)}`);
    expectDraftOf(draft.text, OTHER_ANSWER);
    expect(shown.map((event) => event.kind)).toEqual(['message', 'delete', 'message']);
    expect(shown[1]).toMatchObject({ kind: 'delete', messageId: draft.message.message_id });
    expect(telegram.calls.filter((call) => call.method === 'editMessageText' && String(call.params.chat_id) === String(bo.id))).toHaveLength(2);
  }, 60_000);
});

describe('a streamed answer on Slack', () => {
  it('posts a draft, updates it with chat.update, and ends as the whole answer', async () => {
    openai.enqueue({ content: ANSWER, chunkDelayMs: CHUNK_DELAY_MS });
    await slack.userSays({ channel: 'D0ZED', user: 'U0ZED', text: 'how does streaming work?' });
    await slack.waitFor((post) => post.via === 'chat.update' && post.channel === 'D0ZED' && post.text === ANSWER, 30_000);

    const posts = slack.posts.filter((post) => post.channel === 'D0ZED');
    const [draft, ...updates] = posts;
    expect(draft?.via).toBe('chat.postMessage');
    expectDraftOf(draft?.text, ANSWER);
    expect(updates.length).toBeGreaterThanOrEqual(2);
    for (const update of updates) expect(update).toMatchObject({ via: 'chat.update', ts: draft?.ts });
    for (const update of updates.slice(0, -1)) expectDraftOf(update.text, ANSWER);
    expect(slack.history('D0ZED').filter((message) => message.user === slack.bot.userId).map((message) => message.text)).toEqual([ANSWER]);
  }, 60_000);
});
