// A node's request for a message's file, through the channel host to the platform: the running
// channel's adapter fetches it (a queue worker's send-only host loads the channel first).
import { randomBytes } from 'node:crypto';
import { createCredentialsRepository, createSecretBox, openTestDatabase, type CredentialsRepository, type TestDatabase } from '@switchboard/db';
import { channelAdapters } from '@switchboard/nodes/server';
import { startTelegramServer, type TelegramServer } from '@switchboard/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SwitchboardError } from '../service.ts';
import { ChannelHost, type ChannelRow } from './host.ts';

const TOKEN = '7000000056:AAswitchboard-download-test-01';
let telegram: TelegramServer;
let db: TestDatabase;
let credentials: CredentialsRepository;
let rows: ChannelRow[];

beforeAll(async () => {
  telegram = await startTelegramServer({ token: TOKEN, botUsername: 'files_bot' });
  db = await openTestDatabase();
  credentials = createCredentialsRepository(db.prisma, createSecretBox(randomBytes(32)));
  const credential = await credentials.create({ name: 'Files bot', type: 'telegram', secret: JSON.stringify({ botToken: TOKEN }) });
  rows = [
    { id: 'telegram-files', name: 'Files', type: 'telegram', flowId: 'flow-1', config: { mode: 'polling', apiRoot: telegram.url }, credentialId: credential.id },
    { id: 'web-chat', name: 'Site chat', type: 'webchat', flowId: 'flow-1', config: {}, credentialId: null },
  ];
}, 120_000);
afterAll(async () => {
  await db.dispose();
  await telegram.close();
});

function host(sendOnly: boolean): ChannelHost {
  return new ChannelHost({
    loadChannels: () => Promise.resolve(rows),
    loadChannel: (id) => Promise.resolve(rows.find((row) => row.id === id)),
    credentials,
    // No message reaches these hosts: only files are fetched.
    publishedPlan: () => Promise.reject(new Error('not used')),
    chat: () => Promise.reject(new Error('not used')),
    adapters: channelAdapters,
    log: () => undefined,
    sendOnly,
  });
}

async function failure(attempt: Promise<unknown>): Promise<SwitchboardError> {
  const error = await attempt.then(() => undefined, (reason: unknown) => reason);
  if (!(error instanceof SwitchboardError)) throw new Error(`expected a SwitchboardError, got ${String(error)}`);
  return error;
}

function voiceFrom(name: string): { ref: string; bytes: Uint8Array } {
  const user = telegram.createUser({ firstName: name });
  const bytes = randomBytes(5000);
  const sent = telegram.userSends({ chat: telegram.privateChat(user), from: user, voice: { bytes, mime: 'audio/ogg', duration: 3 } });
  return { ref: sent.message.voice?.file_id ?? '', bytes };
}

it('fetches a voice note through the running channel, and says why it cannot for others', async () => {
  const running = host(false);
  await running.start();
  try {
    const voice = voiceFrom('Ann');
    const file = await running.download('telegram-files', { kind: 'voice', ref: voice.ref, mimeType: 'audio/ogg' });
    expect(Buffer.from(file.bytes).equals(Buffer.from(voice.bytes))).toBe(true);
    expect(file.mimeType).toBe('audio/ogg');

    const missing = await failure(running.download('no-such-channel', { kind: 'voice', ref: voice.ref }));
    expect(missing).toMatchObject({ status: 503, code: 'channel_unavailable' });
    expect(missing.message).toMatch(/^channel no-such-channel is not running here/);
    const unsupported = await failure(running.download('web-chat', { kind: 'image', ref: 'x' }));
    expect(unsupported).toMatchObject({ status: 422, code: 'download_unsupported' });
    expect(unsupported.message).toContain('channel Site chat is a webchat channel, which cannot fetch message files');
    const refused = await failure(running.download('telegram-files', { kind: 'file', ref: 'gone', name: 'a.pdf' }));
    expect(refused).toMatchObject({ status: 502, code: 'download_failed' });
    expect(refused.message).toContain('channel Files could not fetch the file: cannot download the Telegram file a.pdf: Telegram answered 400');
  } finally {
    await running.close();
  }
});

it('fetches through a send-only host (a queue worker), which loads the channel on demand', async () => {
  const worker = host(true);
  await worker.start();
  try {
    const voice = voiceFrom('Bo');
    const file = await worker.download('telegram-files', { kind: 'voice', ref: voice.ref });
    expect(Buffer.from(file.bytes).equals(Buffer.from(voice.bytes))).toBe(true);
  } finally {
    await worker.close();
  }
});
