import { describe, expect, it } from 'vitest';
import { slackCredential } from './config.ts';
import { actionMessages, eventMessage } from './parse.ts';
import { mentionsIn, plainText } from './text.ts';

const bot = { id: 'U0BOT', username: 'switchboard' };
const base = { type: 'message', user: 'U0ALICE', channel: 'C0GENERAL', channel_type: 'channel', text: 'hi', ts: '1700000000.000100' };

describe('eventMessage', () => {
  it('skips bots, the bot itself, edits and deletions, and empty messages', () => {
    expect(eventMessage({ ...base, bot_id: 'B0OTHER' }, bot)).toBeUndefined();
    expect(eventMessage({ ...base, user: 'U0BOT' }, bot)).toBeUndefined();
    expect(eventMessage({ ...base, subtype: 'message_changed' }, bot)).toBeUndefined();
    expect(eventMessage({ type: 'message', subtype: 'message_deleted', channel: 'C0GENERAL', ts: '1700000000.000200' }, bot)).toBeUndefined();
    expect(eventMessage({ ...base, subtype: 'channel_join' }, bot)).toBeUndefined();
    expect(eventMessage({ ...base, text: '  ' }, bot)).toBeUndefined();
    expect(eventMessage({ type: 'reaction_added', user: 'U0ALICE' }, bot)).toBeUndefined();
  });

  it('keeps thread broadcasts and file shares, and group DMs are groups', () => {
    expect(eventMessage({ ...base, subtype: 'thread_broadcast', thread_ts: '1699999999.000100' }, bot)).toMatchObject({ threadId: '1699999999.000100' });
    expect(eventMessage({ ...base, channel: 'G0FRIENDS', channel_type: 'mpim' }, bot)?.chat).toEqual({ id: 'G0FRIENDS', kind: 'group' });
    // app_mention has no channel_type: the channel id says whether it is a DM.
    expect(eventMessage({ ...base, type: 'app_mention', channel_type: undefined }, bot)?.chat.kind).toBe('group');
    expect(eventMessage({ ...base, type: 'app_mention', channel: 'D0ALICE', channel_type: undefined }, bot)?.chat.kind).toBe('private');
  });

  it('takes a reply in a thread the bot started as a reply to the bot, and in other threads not', () => {
    const inThread = { ...base, ts: '1700000000.000300', thread_ts: '1700000000.000100' };
    expect(eventMessage({ ...inThread, parent_user_id: 'U0BOT' }, bot)).toMatchObject({ threadId: '1700000000.000100', replyTo: { messageId: '1700000000.000100', fromBot: true } });
    expect(eventMessage({ ...inThread, parent_user_id: 'U0ALICE' }, bot)?.replyTo).toBeUndefined();
  });

  it('reads voice clips, audio, video and other files', () => {
    const message = eventMessage({
      ...base,
      subtype: 'file_share',
      text: '',
      files: [
        { id: 'F1', name: 'clip.webm', mimetype: 'audio/webm', subtype: 'slack_audio', duration_ms: 4400 },
        { id: 'F2', name: 'song.mp3', mimetype: 'audio/mpeg' },
        { id: 'F3', mimetype: 'video/mp4' },
        { id: 'F4', name: 'doc.pdf', mimetype: 'application/pdf', size: 10 },
      ],
    }, bot);
    expect(message?.attachments).toEqual([
      { kind: 'voice', ref: 'F1', name: 'clip.webm', mimeType: 'audio/webm', durationSeconds: 4 },
      { kind: 'audio', ref: 'F2', name: 'song.mp3', mimeType: 'audio/mpeg' },
      { kind: 'video', ref: 'F3', mimeType: 'video/mp4' },
      { kind: 'file', ref: 'F4', name: 'doc.pdf', mimeType: 'application/pdf', sizeBytes: 10 },
    ]);
  });
});

describe('actionMessages', () => {
  it('ignores link buttons and clicks outside messages', () => {
    const click = { type: 'block_actions', user: { id: 'U0ALICE' }, container: { channel_id: 'D0ALICE', message_ts: '1700000000.000100' }, actions: [{ type: 'button', action_id: 'switchboard-1', action_ts: '1700000001.000000' }] };
    expect(actionMessages(click, 0)).toEqual([]);
    expect(actionMessages({ ...click, container: { type: 'view', view_id: 'V1' }, actions: [{ type: 'button', action_id: 'a', value: 'v' }] }, 0)).toEqual([]);
    expect(actionMessages({ ...click, actions: [{ type: 'button', action_id: 'switchboard-0', value: 'yes', action_ts: '1700000001.000000' }] }, 0)).toMatchObject([{ chat: { id: 'D0ALICE', kind: 'private' }, text: 'yes' }]);
  });
});

describe('Slack text', () => {
  it('finds mentions, the bot\'s marked', () => {
    expect(mentionsIn('<@U0BOT> ask <@W0CAROL|carol>', bot)).toEqual([{ userId: 'U0BOT', isBot: true }, { userId: 'W0CAROL', isBot: false }]);
  });

  it('reads links, channels, groups and entities as people saw them, keeping user mentions', () => {
    expect(plainText('<@U0BOT|switchboard> see <https://example.com|example.com>, <https://a.io/x|the docs>, <https://b.io> and <mailto:a@b.c|a@b.c>')).toBe(
      '<@U0BOT> see example.com, the docs (https://a.io/x), https://b.io and a@b.c',
    );
    expect(plainText('<#C0RANDOM|random> <!here> <!subteam^S0DEV|@devs> 1 &lt; 2 &amp;&amp; 3 &gt; 2')).toBe('#random @here @devs 1 < 2 && 3 > 2');
  });
});

describe('slackCredential', () => {
  it('accepts real-looking secrets and says where to find a wrong one', () => {
    const good = { botToken: 'xoxb-1234-5678-abcDEF', signingSecret: 'a'.repeat(32), appToken: 'xapp-1-A0123-456-abc' };
    expect(slackCredential.secrets.safeParse(good).success).toBe(true);
    expect(slackCredential.secrets.safeParse({ botToken: good.botToken }).success).toBe(true);
    const wrong = slackCredential.secrets.safeParse({ botToken: 'xoxp-user-token', signingSecret: 'nope', appToken: 'xoxb-1' });
    expect(wrong.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ['botToken', expect.stringMatching(/starts with xoxb-.*Bot User OAuth Token/)],
      ['signingSecret', expect.stringMatching(/32 hexadecimal characters/)],
      ['appToken', expect.stringMatching(/starts with xapp-.*connections:write/)],
    ]);
  });
});
