import { once } from 'node:events';
import { createServer } from 'node:http';
import { Bot, InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTelegramServer } from './server.ts';
import type { SentEvent, SentMedia, TelegramServer } from './types.ts';

let server: TelegramServer;
let bot: Bot;
beforeEach(async () => {
  server = await startTelegramServer();
  bot = new Bot(server.token, { client: { apiRoot: server.url } });
});
afterEach(() => server.close());

const pixels = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]);
const voiceBytes = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 9, 8, 7]);

function mediaOf(event: SentEvent | undefined): SentMedia | undefined {
  return event?.kind === 'message' ? event.media : undefined;
}

describe('media from users', () => {
  it('gives a photo sizes whose file getFile resolves and /file/ serves byte for byte', async () => {
    const downloads: Uint8Array[] = [];
    bot.on('message:photo', async (ctx) => {
      const file = await ctx.getFile();
      const response = await fetch(`${server.url}/file/bot${server.token}/${file.file_path ?? ''}`);
      downloads.push(new Uint8Array(await response.arrayBuffer()));
      await ctx.reply(`caption: ${ctx.message.caption ?? ''}`);
    });
    const chat = server.privateChat(server.createUser());
    const { message } = server.userSends({ chat, photo: { bytes: pixels, name: 'cat.png', width: 640, height: 480 }, caption: 'my cat' });
    expect(message.photo).toHaveLength(2);
    expect(message.photo?.[1]).toMatchObject({ width: 640, height: 480, file_size: pixels.length });
    expect(message.photo?.[0]?.width).toBe(90);

    await bot.init();
    await bot.handleUpdate((await bot.api.getUpdates())[0] ?? { update_id: 0 });
    expect(downloads).toEqual([pixels]);
    expect(server.sent).toMatchObject([{ text: 'caption: my cat' }]);
  });

  it('carries documents and voice notes with their metadata', async () => {
    const chat = server.privateChat(server.createUser());
    const doc = server.userSends({ chat, document: { bytes: new TextEncoder().encode('a,b\n1,2\n'), name: 'data.csv', mime: 'text/csv' } });
    const voice = server.userSends({ chat, voice: { bytes: voiceBytes, duration: 3 } });
    expect(doc.message.document).toMatchObject({ file_name: 'data.csv', mime_type: 'text/csv', file_size: 8 });
    expect(voice.message.voice).toMatchObject({ duration: 3, mime_type: 'audio/ogg', file_size: voiceBytes.length });

    const file = await bot.api.getFile(voice.message.voice?.file_id ?? '');
    expect(file.file_path).toMatch(/^voice\/file_\d+\.oga$/);
    const response = await fetch(`${server.url}/file/bot${server.token}/${file.file_path ?? ''}`);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(voiceBytes);
    await expect(bot.api.getFile('no-such-file')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: invalid file_id' });
    expect((await fetch(`${server.url}/file/bot${server.token}/voice/missing.oga`)).status).toBe(404);
  });
});

describe('media from the bot', () => {
  it('records the bytes of photo, document, voice and audio uploads sent with InputFile', async () => {
    const chat = server.privateChat(server.createUser());
    const photo = await bot.api.sendPhoto(chat.id, new InputFile(pixels, 'chart.png'), { caption: '<b>Weekly</b> chart', parse_mode: 'HTML' });
    await bot.api.sendDocument(chat.id, new InputFile(new TextEncoder().encode('report'), 'report.pdf'));
    await bot.api.sendVoice(chat.id, new InputFile(voiceBytes), { duration: 2 });
    await bot.api.sendAudio(chat.id, new InputFile(voiceBytes, 'song.mp3'), { title: 'Song', performer: 'Band' });

    expect(photo).toMatchObject({ caption: 'Weekly chart', caption_entities: [{ type: 'bold', offset: 0, length: 6 }] });
    expect(server.sent.map(mediaOf)).toMatchObject([
      { type: 'photo', bytes: pixels, fileName: 'chart.png', mimeType: 'image/png', source: 'upload' },
      { type: 'document', bytes: new TextEncoder().encode('report'), fileName: 'report.pdf', mimeType: 'application/pdf' },
      { type: 'voice', bytes: voiceBytes, source: 'upload' },
      { type: 'audio', bytes: voiceBytes, fileName: 'song.mp3', mimeType: 'audio/mpeg' },
    ]);
    expect(server.sent[0]).toMatchObject({ method: 'sendPhoto', text: '<b>Weekly</b> chart', parseMode: 'HTML' });
    expect(server.sent[3]).toMatchObject({ message: { audio: { title: 'Song', performer: 'Band' } } });
    expect(server.sent[2]).toMatchObject({ message: { voice: { duration: 2 } } });
  });

  it('re-sends a known file_id and fetches an HTTP URL', async () => {
    const host = createServer((req, res) => {
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'image/png' });
      res.end(pixels);
    });
    host.listen(0, '127.0.0.1');
    await once(host, 'listening');
    const address = host.address();
    const port = address !== null && typeof address === 'object' ? address.port : 0;
    try {
      const chat = server.privateChat(server.createUser());
      const first = await bot.api.sendPhoto(chat.id, `http://127.0.0.1:${port}/images/logo.png`);
      const fileId = first.photo.at(-1)?.file_id ?? '';
      await bot.api.sendPhoto(chat.id, fileId);
      expect(server.sent.map(mediaOf)).toMatchObject([
        { source: 'url', bytes: pixels, fileName: 'logo.png', mimeType: 'image/png' },
        { source: 'file_id', bytes: pixels, fileId },
      ]);
      expect(server.fileBytes(fileId)).toEqual(pixels);
      await expect(bot.api.sendPhoto(chat.id, 'AgACunknown')).rejects.toMatchObject({ description: 'Bad Request: wrong file identifier/HTTP URL specified' });
      await expect(bot.api.sendPhoto(chat.id, `http://127.0.0.1:${port}/missing`)).rejects.toMatchObject({
        description: 'Bad Request: failed to get HTTP URL content',
      });
    } finally {
      host.close();
    }
  });

  it('accepts a plain multipart form with the file under the field name', async () => {
    const chat = server.privateChat(server.createUser());
    const form = new FormData();
    form.set('chat_id', String(chat.id));
    form.set('document', new Blob([pixels], { type: 'image/png' }), 'raw.png');
    const response = await fetch(`${server.url}/bot${server.token}/sendDocument`, { method: 'POST', body: form });
    expect(await response.json()).toMatchObject({ ok: true, result: { document: { file_name: 'raw.png', mime_type: 'image/png' } } });
    expect(mediaOf(server.sent[0])?.bytes).toEqual(pixels);
    const missing = await fetch(`${server.url}/bot${server.token}/sendDocument?chat_id=${chat.id}`);
    expect(await missing.json()).toMatchObject({ ok: false, error_code: 400, description: 'Bad Request: there is no document in the request' });
  });
});
