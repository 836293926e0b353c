import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { startSlackServer, type SlackServer } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackAdapter } from './adapter.ts';
import { threadTsOf } from './send.ts';
import { slackContext, type TestContext } from './test-context.ts';

let slack: SlackServer;
let context: TestContext;
/** Serves files for replies that attach one by URL. */
let files: Server;
let filesUrl: string;

beforeAll(async () => {
  slack = await startSlackServer({ requestUrl: 'http://127.0.0.1:9/unused', retryDelaysMs: [] });
  slack.addChannel({ id: 'C0GENERAL', name: 'general' });
  slack.addUser({ id: 'U0BOB', name: 'bob' });
  slack.addChannel({ id: 'D0BOB', user: 'U0BOB' });
  context = slackContext(slack, 'events');
  files = createServer((req, res) => {
    if (req.url === '/report.csv') res.writeHead(200, { 'content-type': 'text/csv' }).end('id,total\n1,42\n');
    else res.writeHead(404).end();
  });
  files.listen(0, '127.0.0.1');
  await once(files, 'listening');
  const address = files.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  filesUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  files.closeAllConnections();
  files.close();
  await slack.close();
});

/** A user's top-level message in #general, for replies to go under. */
async function question(text = 'a question'): Promise<string> {
  return (await slack.userSays({ channel: 'C0GENERAL', user: 'U0ALICE', text })).ts;
}

describe('send', () => {
  it('posts into the thread, in mrkdwn, and returns the message ts', async () => {
    const parent = await question();
    const sent = await slackAdapter.send(context, { chatId: 'C0GENERAL', chatKind: 'group', threadId: parent }, { text: 'It is **noon**, see [the clock](https://time.is/) & `date`' });
    const post = slack.posts.at(-1);
    expect(post).toMatchObject({ via: 'chat.postMessage', channel: 'C0GENERAL', threadTs: parent, text: 'It is *noon*, see <https://time.is/|the clock> &amp; `date`' });
    expect(sent).toEqual([{ messageId: post?.ts }]);
  });

  it('answers a group message under it when no thread is given, and a direct message in the chat itself', async () => {
    expect(threadTsOf({ chatId: 'C0GENERAL', chatKind: 'group', replyToMessageId: '1700000000.000100' })).toBe('1700000000.000100');
    expect(threadTsOf({ chatId: 'C0GENERAL', chatKind: 'group', replyToMessageId: 'command:123.456.abc' })).toBeUndefined();
    expect(threadTsOf({ chatId: 'D0BOB', chatKind: 'private', replyToMessageId: '1700000000.000100' })).toBeUndefined();

    const parent = await question();
    await slackAdapter.send(context, { chatId: 'C0GENERAL', chatKind: 'group', replyToMessageId: parent }, { text: 'under it' });
    expect(slack.posts.at(-1)).toMatchObject({ threadTs: parent, text: 'under it' });
    await slackAdapter.send(context, { chatId: 'D0BOB', chatKind: 'private', replyToMessageId: parent }, { text: 'just here' });
    expect(slack.posts.at(-1)).toMatchObject({ channel: 'D0BOB', threadTs: undefined, text: 'just here' });
  });

  it('splits a long reply into messages of at most 4000 characters, all in the thread', async () => {
    const parent = await question();
    const paragraph = (n: number) => `Paragraph ${n}: ${'word '.repeat(300).trim()}`;
    const text = Array.from({ length: 8 }, (_, n) => paragraph(n)).join('\n\n');
    const before = slack.posts.length;
    const sent = await slackAdapter.send(context, { chatId: 'C0GENERAL', chatKind: 'group', threadId: parent }, { text });
    const posts = slack.posts.slice(before);
    expect(posts.length).toBeGreaterThan(2);
    expect(sent.map((message) => message.messageId)).toEqual(posts.map((post) => post.ts));
    for (const post of posts) {
      expect(post.threadTs).toBe(parent);
      expect(post.text?.length).toBeLessThanOrEqual(4000);
    }
    expect(posts.map((post) => post.text).join('\n\n')).toBe(text);
  });

  it('puts buttons as an actions block under the last part, cut to a section\'s 3000 characters', async () => {
    const parent = await question();
    const before = slack.posts.length;
    await slackAdapter.send(context, { chatId: 'C0GENERAL', chatKind: 'group', threadId: parent }, {
      text: `${'long '.repeat(700)}\n\nPick *one*:`,
      data: { buttons: [{ label: 'Red', value: 'red' }, { label: 'Blue' }, { label: 'Help', url: 'https://example.com/help' }] },
    });
    const posts = slack.posts.slice(before);
    expect(posts).toHaveLength(2);
    expect(posts[0]?.blocks).toBeUndefined();
    expect(posts[0]?.text?.length).toBeLessThanOrEqual(3000);
    const last = posts[1]?.text ?? '';
    expect(last).toMatch(/^long .*\n\nPick _one_:$/s);
    expect(last.length).toBeLessThanOrEqual(3000);
    expect(posts[1]?.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: last } },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'switchboard-0', text: { type: 'plain_text', text: 'Red' }, value: 'red' },
          { type: 'button', action_id: 'switchboard-1', text: { type: 'plain_text', text: 'Blue' }, value: 'Blue' },
          { type: 'button', action_id: 'switchboard-2', text: { type: 'plain_text', text: 'Help' }, url: 'https://example.com/help' },
        ],
      },
    ]);
  });

  it('uploads files given as base64 or a URL into the thread, before the text', async () => {
    const parent = await question();
    const before = slack.posts.length;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const sent = await slackAdapter.send(context, { chatId: 'C0GENERAL', chatKind: 'group', threadId: parent }, {
      text: 'Here you go',
      data: { attachments: [{ kind: 'image', base64: png.toString('base64'), mimeType: 'image/png' }, { kind: 'file', url: `${filesUrl}/report.csv` }] },
    });
    const posts = slack.posts.slice(before);
    expect(posts.map((post) => [post.via, post.threadTs])).toEqual([
      ['files.completeUploadExternal', parent],
      ['files.completeUploadExternal', parent],
      ['chat.postMessage', parent],
    ]);
    expect(posts[0]?.files[0]).toMatchObject({ name: 'image.png', mimetype: 'image/png' });
    expect(posts[0]?.files[0]?.bytes.equals(png)).toBe(true);
    expect(posts[1]?.files[0]).toMatchObject({ name: 'report.csv', mimetype: 'text/csv' });
    expect(posts[1]?.files[0]?.bytes.toString()).toBe('id,total\n1,42\n');
    expect(sent).toEqual([{ messageId: `file:${posts[0]?.files[0]?.id ?? ''}` }, { messageId: `file:${posts[1]?.files[0]?.id ?? ''}` }, { messageId: posts[2]?.ts }]);
  });

  it('fails a reply whose file cannot be fetched, before posting anything', async () => {
    const before = slack.posts.length;
    await expect(slackAdapter.send(context, { chatId: 'C0GENERAL', chatKind: 'group' }, { text: 'x', data: { attachments: [{ kind: 'file', url: `${filesUrl}/missing.pdf` }] } })).rejects.toThrow(/HTTP 404/);
    expect(slack.posts.length).toBe(before);
  });

  it('waits out a 429 for its Retry-After and posts once', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await slackAdapter.send(context, { chatId: 'D0BOB', chatKind: 'private' }, { text: 'after the limit' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const attempts = slack.calls.filter((call) => call.method === 'chat.postMessage' && call.params.text === 'after the limit');
    expect(attempts.map((call) => call.status)).toEqual([429, 200]);
    expect(slack.history('D0BOB').filter((message) => message.text === 'after the limit')).toHaveLength(1);
  });

  it('says what Slack answered when a post fails', async () => {
    await expect(slackAdapter.send(context, { chatId: 'C0NOWHERE', chatKind: 'group' }, { text: 'hello?' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    const wrong = { ...context, secret: { ...context.secret, botToken: 'xoxb-wrong' } };
    await expect(slackAdapter.identify(wrong)).rejects.toThrow('Slack answered invalid_auth');
  });
});
