// Editing, deleting and downloading against the local Bot API server.
import type { ChannelContext, InboundChannelMessage } from '@switchboard/channels';
import { startTelegramServer, type TelegramServer } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramAdapter, TelegramConfig, webhookSecret } from './adapter.ts';

const TOKEN = '7000000043:AAswitchboard-test-token-edits';
let server: TelegramServer;
let context: ChannelContext<TelegramConfig>;

beforeAll(async () => {
  server = await startTelegramServer({ token: TOKEN, botUsername: 'edit_bot' });
  context = {
    channelId: 'c0ffee00-0000-4000-8000-000000000002',
    config: TelegramConfig.parse({ apiRoot: server.url, mode: 'webhook' }),
    secret: { botToken: TOKEN },
    log: { info: () => undefined, warn: () => undefined },
  };
});
afterAll(async () => {
  await server.close();
});

const bot = () => ({ id: String(server.bot.id), username: 'edit_bot' });

function edit(): NonNullable<typeof telegramAdapter.edit> {
  return (...args) => {
    if (!telegramAdapter.edit) throw new Error('the Telegram adapter cannot edit');
    return telegramAdapter.edit(...args);
  };
}

describe('telegramAdapter.edit', () => {
  it('replaces the text in HTML, and takes an edit that changes nothing', async () => {
    const ann = server.createUser({ firstName: 'Ann' });
    const target = { chatId: String(server.privateChat(ann).id), chatKind: 'private' as const };
    const [sent] = await telegramAdapter.send(context, target, { text: 'Thinking ▍' });
    if (!sent) throw new Error('nothing sent');
    await edit()(context, target, sent, 'It is **42** & more');
    const edited = server.sent.findLast((event) => event.kind === 'edit');
    expect(edited).toMatchObject({ kind: 'edit', messageId: Number(sent.messageId), text: 'It is <b>42</b> &amp; more', parseMode: 'HTML' });
    if (edited?.kind !== 'edit') throw new Error('no edit');
    expect(edited.message.text).toBe('It is 42 & more');

    const before = server.sent.length;
    await expect(edit()(context, target, sent, 'It is **42** & more')).resolves.toBeUndefined();
    expect(server.sent.length).toBe(before);
    // The server refused it as "not modified"; the adapter took that as done.
    expect(server.calls.filter((call) => call.method === 'editMessageText')).toHaveLength(2);
  });

  it('refuses text longer than one message, and reports what Telegram said', async () => {
    const bo = server.createUser({ firstName: 'Bo' });
    const target = { chatId: String(server.privateChat(bo).id), chatKind: 'private' as const };
    const [sent] = await telegramAdapter.send(context, target, { text: 'short' });
    if (!sent) throw new Error('nothing sent');
    await expect(edit()(context, target, sent, 'word '.repeat(1000))).rejects.toThrow(/longer than one Telegram message/);
    server.failNext('editMessageText', { status: 400, description: 'Bad Request: message to edit not found' });
    await expect(edit()(context, target, sent, 'other')).rejects.toThrow('Telegram answered 400: Bad Request: message to edit not found');
  });

  it('deletes a message', async () => {
    const cy = server.createUser({ firstName: 'Cy' });
    const target = { chatId: String(server.privateChat(cy).id), chatKind: 'private' as const };
    const [sent] = await telegramAdapter.send(context, target, { text: 'draft ▍' });
    if (!sent) throw new Error('nothing sent');
    await telegramAdapter.remove?.(context, target, sent);
    expect(server.sent.at(-1)).toEqual({ kind: 'delete', chatId: Number(target.chatId), messageId: Number(sent.messageId) });
  });
});

describe('telegramAdapter.download', () => {
  it('fetches a voice note and a photo a user sent, byte for byte, from the configured server', async () => {
    const dee = server.createUser({ firstName: 'Dee' });
    const chat = server.privateChat(dee);
    const voiceBytes = new Uint8Array(Array.from({ length: 3000 }, (_, i) => i % 251));
    const voice = server.userSends({ chat, from: dee, voice: { bytes: voiceBytes, mime: 'audio/ogg', duration: 2 } });
    const photo = server.userSends({ chat, from: dee, photo: { bytes: new Uint8Array([9, 8, 7, 6]), mime: 'image/jpeg' }, caption: 'look' });
    const [heard] = messagesOf(await receive(voice.update));
    const [seen] = messagesOf(await receive(photo.update));
    const voiceAttachment = heard?.attachments[0];
    const photoAttachment = seen?.attachments[0];
    if (!voiceAttachment || !photoAttachment) throw new Error('the attachments were not parsed');

    const downloaded = await telegramAdapter.download?.(context, voiceAttachment);
    expect(downloaded?.bytes).toEqual(voiceBytes);
    expect(downloaded?.mimeType).toBe('audio/ogg');
    expect(server.calls.filter((call) => call.method === 'getFile').at(-1)?.params.file_id).toBe(voiceAttachment.ref);
    expect((await telegramAdapter.download?.(context, photoAttachment))?.bytes).toEqual(new Uint8Array([9, 8, 7, 6]));
  });

  it('says why a file cannot be fetched, without showing the token', async () => {
    const error = await telegramAdapter.download?.(context, { kind: 'file', ref: 'no-such-file', name: 'report.pdf' }).then(() => undefined, (reason: unknown) => reason);
    expect(String(error)).toContain('cannot download the Telegram file report.pdf: Telegram answered 400: Bad Request: invalid file_id');
    const huge = await telegramAdapter.download?.(context, { kind: 'video', ref: 'x', sizeBytes: 50 * 1024 * 1024 }).then(() => undefined, (reason: unknown) => reason);
    expect(String(huge)).toMatch(/50\.0 MB; Telegram lets bots download files up to 20 MB/);
    expect(String(error)).not.toContain(TOKEN);
  });
});

async function receive(update: unknown) {
  return telegramAdapter.receive?.(context, bot(), {
    headers: { 'x-telegram-bot-api-secret-token': webhookSecret(TOKEN, context.channelId) },
    rawBody: JSON.stringify(update),
    receivedAt: Date.now(),
  });
}

function messagesOf(result: Awaited<ReturnType<NonNullable<typeof telegramAdapter.receive>>> | undefined): InboundChannelMessage[] {
  if (result?.kind !== 'messages') throw new Error(`expected messages, got ${JSON.stringify(result)}`);
  return result.messages;
}
