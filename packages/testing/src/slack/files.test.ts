import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackServer } from './server.ts';
import type { SlackServer } from './types.ts';

let server: SlackServer;
let client: webApi.WebClient;
beforeAll(async () => {
  server = await startSlackServer({ requestUrl: 'http://127.0.0.1:9/unused', retryDelaysMs: [] });
  server.addChannel({ id: 'C0GENERAL', name: 'general' });
  client = new webApi.WebClient(server.botToken, { slackApiUrl: server.apiUrl, logLevel: webApi.LogLevel.ERROR });
});
afterAll(() => server.close());

describe('files.uploadV2 from the bot', () => {
  it('announces, uploads and completes the file, sharing it in a thread with its bytes', async () => {
    const parent = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'report coming' });
    const content = Buffer.from('id,total\n1,42\n');
    const result = await client.files.uploadV2({ channel_id: 'C0GENERAL', thread_ts: parent.ts ?? '', file: content, filename: 'report.csv', title: 'Report', initial_comment: 'Here it is' });
    expect(result.ok).toBe(true);
    expect(server.calls.map((call) => call.method).slice(-2)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);

    const shared = await server.waitFor((post) => post.via === 'files.completeUploadExternal');
    expect(shared).toMatchObject({ channel: 'C0GENERAL', threadTs: parent.ts, text: 'Here it is' });
    expect(shared.files).toHaveLength(1);
    expect(shared.files[0]).toMatchObject({ name: 'report.csv', title: 'Report', mimetype: 'text/csv', size: content.length });
    expect(shared.files[0]?.bytes.equals(content)).toBe(true);

    const info = await client.files.info({ file: shared.files[0]?.id ?? '' });
    expect(info.file).toMatchObject({ name: 'report.csv', size: content.length, channels: ['C0GENERAL'] });
    const thread = await client.conversations.replies({ channel: 'C0GENERAL', ts: parent.ts ?? '' });
    expect(thread.messages?.[1]?.files?.[0]?.id).toBe(shared.files[0]?.id);
  });

  it('refuses to complete a file whose bytes never came', async () => {
    const announced = await client.files.getUploadURLExternal({ filename: 'ghost.txt', length: 5 });
    await expect(client.files.completeUploadExternal({ files: [{ id: announced.file_id ?? '' }], channel_id: 'C0GENERAL' })).rejects.toMatchObject({ data: { error: 'file_not_found' } });
  });
});

describe('files users share', () => {
  it('arrive as file_share message events whose url_private needs the bot token', async () => {
    const said = await server.userSays({ channel: 'D0ALICE', user: 'U0ALICE', text: 'see attached', files: [{ name: 'notes.txt', content: 'remember the milk' }] });
    const event = said.deliveries[0]?.payload.event;
    expect(event).toMatchObject({ type: 'message', subtype: 'file_share', channel_type: 'im', files: [{ name: 'notes.txt', mimetype: 'text/plain', size: 17 }] });
    const listed = await client.conversations.history({ channel: 'D0ALICE' });
    const file = listed.messages?.[0]?.files?.[0];
    const url = file?.url_private_download ?? '';
    expect(url).toContain(`/files-pri/${server.team.id}-${file?.id ?? ''}/download/notes.txt`);

    const withToken = await fetch(url, { headers: { authorization: `Bearer ${server.botToken}` } });
    expect(await withToken.text()).toBe('remember the milk');
    const withoutToken = await fetch(url);
    expect(withoutToken.headers.get('content-type')).toContain('text/html');
    expect(await withoutToken.text()).not.toContain('milk');
  });
});
