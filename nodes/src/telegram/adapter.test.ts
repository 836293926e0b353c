import type { ChannelContext, InboundChannelMessage } from '@switchboard/channels';
import { startTelegramServer, type TelegramServer } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramAdapter, TelegramConfig, webhookSecret } from './adapter.ts';

const TOKEN = '7000000042:AAswitchboard-test-token-0123';
let server: TelegramServer;
let context: ChannelContext<TelegramConfig>;

beforeAll(async () => {
  server = await startTelegramServer({ token: TOKEN, botUsername: 'board_bot' });
  context = {
    channelId: 'c0ffee00-0000-4000-8000-000000000001',
    config: TelegramConfig.parse({ apiRoot: server.url, mode: 'webhook' }),
    secret: { botToken: TOKEN },
    log: { info: () => undefined, warn: () => undefined },
  };
});
afterAll(async () => {
  await server.close();
});

const bot = () => ({ id: String(server.bot.id), username: 'board_bot' });
const delivery = (body: unknown, secret: string | null = webhookSecret(TOKEN, context.channelId)) => ({
  headers: secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret },
  rawBody: JSON.stringify(body),
  receivedAt: Date.now(),
});

describe('telegramAdapter.receive', () => {
  it('says who the bot is', async () => {
    expect(await telegramAdapter.identify(context)).toEqual({ id: String(server.bot.id), username: 'board_bot' });
  });

  it('parses a private message that carries the secret, and refuses one that does not', async () => {
    const ann = server.createUser({ firstName: 'Ann', username: 'ann' });
    const { update } = server.userSends({ chat: server.privateChat(ann), from: ann, text: 'hello' });
    const accepted = await telegramAdapter.receive?.(context, bot(), delivery(update));
    expect(accepted).toMatchObject({
      kind: 'messages',
      messages: [{ platform: 'telegram', chat: { id: String(ann.id), kind: 'private' }, sender: { id: String(ann.id), name: 'Ann', username: 'ann' }, text: 'hello', mentions: [] }],
    });
    expect(await telegramAdapter.receive?.(context, bot(), delivery(update, 'forged'))).toMatchObject({ kind: 'refuse', status: 401 });
    expect(await telegramAdapter.receive?.(context, bot(), delivery(update, null))).toMatchObject({ kind: 'refuse', status: 401 });
    expect(await telegramAdapter.receive?.(context, bot(), { ...delivery(update), rawBody: '{not json' })).toMatchObject({ kind: 'refuse', status: 400 });
  });

  it('reads mentions, commands, replies to the bot and photos in a group', async () => {
    const bob = server.createUser({ firstName: 'Bob' });
    const group = server.createGroup({ title: 'Team', members: [bob], type: 'supergroup' });
    const mention = server.userSends({ chat: group, from: bob, text: '@board_bot /help@board_bot now' });
    const [message] = messagesOf(await telegramAdapter.receive?.(context, bot(), delivery(mention.update)));
    expect(message).toMatchObject({ chat: { kind: 'group', title: 'Team' }, mentions: [{ username: 'board_bot', isBot: true }] });

    const command = server.userSends({ chat: group, from: bob, text: '/help@board_bot now' });
    expect(messagesOf(await telegramAdapter.receive?.(context, bot(), delivery(command.update)))[0]?.command).toEqual({ name: 'help', args: 'now' });

    const sent = await telegramAdapter.send(context, { chatId: String(group.id), chatKind: 'group' }, { text: 'I am here' });
    const reply = server.userSends({ chat: group, from: bob, text: 'thanks', replyTo: Number(sent[0]?.messageId) });
    expect(messagesOf(await telegramAdapter.receive?.(context, bot(), delivery(reply.update)))[0]?.replyTo).toEqual({ messageId: sent[0]?.messageId, fromBot: true, text: 'I am here' });

    const photo = server.userSends({ chat: group, from: bob, photo: { bytes: new Uint8Array([1, 2, 3]), mime: 'image/jpeg' }, caption: 'look' });
    const [withPhoto] = messagesOf(await telegramAdapter.receive?.(context, bot(), delivery(photo.update)));
    expect(withPhoto?.text).toBe('look');
    expect(withPhoto?.attachments).toMatchObject([{ kind: 'image', mimeType: 'image/jpeg' }]);
    expect(server.fileBytes(withPhoto?.attachments[0]?.ref ?? '')).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('turns a button press into a message and stops its spinner in the webhook answer', async () => {
    const cy = server.createUser({ firstName: 'Cy' });
    const chat = server.privateChat(cy);
    await telegramAdapter.send(context, { chatId: String(chat.id), chatKind: 'private' }, { text: 'Pick one', data: { buttons: [{ label: 'Yes', value: 'yes' }] } });
    const shown = server.sent.findLast((event) => event.kind === 'message' && event.chatId === chat.id);
    if (shown?.kind !== 'message') throw new Error('the question was not sent');
    expect(shown.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] });
    const press = server.pressButton({ from: cy, message: shown.message, data: 'yes' });
    const result = await telegramAdapter.receive?.(context, bot(), delivery(press));
    expect(result).toMatchObject({ kind: 'messages', messages: [{ text: 'yes', replyTo: { fromBot: true } }], answer: { status: 200, body: { method: 'answerCallbackQuery' } } });
  });
});

describe('telegramAdapter.send', () => {
  it('renders Markdown as Telegram HTML and splits long replies under 4096 characters', async () => {
    const dee = server.createUser({ firstName: 'Dee' });
    const chat = server.privateChat(dee);
    const before = server.sent.length;
    const long = Array.from({ length: 60 }, (_, i) => `**Part ${i}** ${'lorem ipsum '.repeat(12)}`).join('\n\n');
    const sent = await telegramAdapter.send(context, { chatId: String(chat.id), chatKind: 'private' }, { text: long });
    const texts = server.sent.slice(before).flatMap((event) => (event.kind === 'message' ? [event] : []));
    expect(sent.length).toBeGreaterThan(1);
    expect(texts).toHaveLength(sent.length);
    for (const event of texts) {
      expect(event.parseMode).toBe('HTML');
      expect(event.message.text?.length).toBeLessThanOrEqual(4096);
    }
    expect(texts[0]?.message.text).toMatch(/^Part 0 lorem/);
    expect(texts.map((event) => event.message.text).join('\n\n')).toContain('Part 59');
  });

  it('quotes the question in groups, and sends files with a caption', async () => {
    const eve = server.createUser({ firstName: 'Eve' });
    const group = server.createGroup({ title: 'Ops', members: [eve] });
    const asked = server.userSends({ chat: group, from: eve, text: '@board_bot status?' });
    const sent = await telegramAdapter.send(
      context,
      { chatId: String(group.id), chatKind: 'group', replyToMessageId: String(asked.message.message_id) },
      { text: 'All **green**', data: { attachments: [{ kind: 'image', base64: Buffer.from('png-bytes').toString('base64'), name: 'status.png' }] } },
    );
    expect(sent).toHaveLength(1);
    const photo = server.sent.findLast((event) => event.kind === 'message' && event.chatId === group.id);
    if (photo?.kind !== 'message') throw new Error('no photo sent');
    expect(photo.media).toMatchObject({ type: 'photo', fileName: 'status.png' });
    expect(Buffer.from(photo.media?.bytes ?? []).toString()).toBe('png-bytes');
    expect(photo.message.caption).toBe('All green');
    expect(photo.message.reply_to_message?.message_id).toBe(asked.message.message_id);
  });

  it('waits out a 429 for the retry_after Telegram asks for', async () => {
    const fay = server.createUser({ firstName: 'Fay' });
    const chat = server.privateChat(fay);
    server.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await telegramAdapter.send(context, { chatId: String(chat.id), chatKind: 'private' }, { text: 'patience' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const calls = server.calls.filter((call) => call.method === 'sendMessage' && String(call.params.chat_id) === String(chat.id));
    expect(calls).toHaveLength(2);
    expect(server.sent.findLast((event) => event.kind === 'message' && event.chatId === chat.id)).toMatchObject({ text: 'patience' });
  });
});

describe('telegramAdapter.listen', () => {
  it('polls, reports the connection, and comes back after the server was away', async () => {
    const polling = { ...context, config: TelegramConfig.parse({ apiRoot: server.url, mode: 'polling' }) };
    await telegramAdapter.bind?.(polling);
    const delivered: InboundChannelMessage[] = [];
    const events: string[] = [];
    const controller = new AbortController();
    const listening = telegramAdapter.listen?.(polling, bot(), {
      deliver: (messages) => {
        delivered.push(...messages);
        return Promise.resolve();
      },
      connected: () => events.push('connected'),
      disconnected: () => events.push('disconnected'),
    }, controller.signal);
    const gus = server.createUser({ firstName: 'Gus' });
    const chat = server.privateChat(gus);
    server.userSends({ chat, from: gus, text: 'one' });
    await expect.poll(() => delivered.map((message) => message.text)).toContain('one');
    expect(events).toEqual(['connected']);

    await server.stop();
    await expect.poll(() => events, { timeout: 5000 }).toContain('disconnected');
    await server.start();
    server.userSends({ chat, from: gus, text: 'two' });
    await expect.poll(() => delivered.map((message) => message.text), { timeout: 10_000 }).toContain('two');
    expect(events.at(-1)).toBe('connected');
    // Each update once: the offset moved past 'one' only after it was delivered.
    expect(delivered.filter((message) => message.text === 'one')).toHaveLength(1);

    const stoppedAt = Date.now();
    controller.abort();
    await listening;
    expect(Date.now() - stoppedAt).toBeLessThan(1000);
  }, 20_000);
});

function messagesOf(result: Awaited<ReturnType<NonNullable<typeof telegramAdapter.receive>>> | undefined): InboundChannelMessage[] {
  if (result?.kind !== 'messages') throw new Error(`expected messages, got ${JSON.stringify(result)}`);
  return result.messages;
}
