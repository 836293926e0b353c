// Editing, deleting and downloading against the local Slack.
import { startSlackServer, type SlackServer } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackAdapter } from './adapter.ts';
import { slackContext, type TestContext } from './test-context.ts';

let slack: SlackServer;
let context: TestContext;

beforeAll(async () => {
  slack = await startSlackServer({ requestUrl: 'http://127.0.0.1:9/unused', retryDelaysMs: [] });
  slack.addChannel({ id: 'C0GENERAL', name: 'general' });
  context = slackContext(slack, 'events');
});
afterAll(async () => {
  await slack.close();
});

function edit(): NonNullable<typeof slackAdapter.edit> {
  return (...args) => {
    if (!slackAdapter.edit) throw new Error('the Slack adapter cannot edit');
    return slackAdapter.edit(...args);
  };
}

describe('slackAdapter.edit and remove', () => {
  it('updates a posted message in mrkdwn, then deletes it', async () => {
    const parent = (await slack.userSays({ channel: 'C0GENERAL', user: 'U0ALICE', text: 'a question' })).ts;
    const target = { chatId: 'C0GENERAL', chatKind: 'group' as const, threadId: parent };
    const [sent] = await slackAdapter.send(context, target, { text: 'Thinking ▍' });
    if (!sent) throw new Error('nothing posted');
    await edit()(context, target, sent, 'It is **noon** & sunny');
    expect(slack.posts.at(-1)).toMatchObject({ via: 'chat.update', channel: 'C0GENERAL', ts: sent.messageId, text: 'It is *noon* &amp; sunny' });
    expect(slack.history('C0GENERAL').find((message) => message.ts === sent.messageId)).toMatchObject({ text: 'It is *noon* &amp; sunny', edited: true });
    await expect(edit()(context, target, sent, 'word '.repeat(1000))).rejects.toThrow(/longer than one Slack message/);

    await slackAdapter.remove?.(context, target, sent);
    expect(slack.posts.at(-1)).toMatchObject({ via: 'chat.delete', ts: sent.messageId });
    expect(slack.history('C0GENERAL').some((message) => message.ts === sent.messageId)).toBe(false);
  });

  it('reports Slack\'s error', async () => {
    slack.failNext('chat.update', { error: 'message_not_found' });
    await expect(edit()(context, { chatId: 'C0GENERAL', chatKind: 'group' }, { messageId: '1.2' }, 'x')).rejects.toThrow('Slack answered message_not_found');
  });
});

describe('slackAdapter.download', () => {
  it('fetches a file a user shared, with the bot token', async () => {
    const said = await slack.userSays({ channel: 'C0GENERAL', user: 'U0ALICE', text: 'the numbers', files: [{ name: 'report.csv', content: 'id,total\n1,42\n' }] });
    const fileId = slack.history('C0GENERAL').find((message) => message.ts === said.ts)?.files[0];
    if (fileId === undefined) throw new Error('the file was not shared');
    const downloaded = await slackAdapter.download?.(context, { kind: 'file', ref: fileId });
    expect(Buffer.from(downloaded?.bytes ?? []).toString()).toBe('id,total\n1,42\n');
    expect(downloaded).toMatchObject({ name: 'report.csv', mimeType: 'text/csv' });
  });

  it('says when Slack sends its sign-in page instead of the file', async () => {
    const said = await slack.userSays({ channel: 'C0GENERAL', user: 'U0ALICE', text: 'notes', files: [{ name: 'notes.txt', content: 'secret' }] });
    const fileId = slack.history('C0GENERAL').find((message) => message.ts === said.ts)?.files[0] ?? '';
    const wrongToken = { ...context, secret: { ...context.secret, botToken: 'xoxb-wrong' } };
    await expect(slackAdapter.download?.(wrongToken, { kind: 'file', ref: fileId })).rejects.toThrow(/cannot download the Slack file/);
    await expect(slackAdapter.download?.(context, { kind: 'file', ref: 'F0MISSING' })).rejects.toThrow('cannot download the Slack file F0MISSING: Slack answered file_not_found');
  });
});
