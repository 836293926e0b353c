import { describe, expect, it } from 'vitest';
import type { InboundChannelMessage } from './message.ts';
import { conversationKey, parseCommand, parseConversationKey } from './message.ts';
import { decideWake, MemoryRateLimiter, WakeRules } from './wake.ts';

const bot = { id: 'B1', username: 'helper_bot' };

function message(overrides: Partial<InboundChannelMessage> = {}): InboundChannelMessage {
  return {
    platform: 'telegram',
    messageId: '1',
    chat: { id: 'c1', kind: 'group' },
    sender: { id: 'u1', name: 'Ann' },
    text: 'hello',
    attachments: [],
    mentions: [],
    sentAt: '2026-11-24T00:00:00.000Z',
    ...overrides,
  };
}

const defaults = WakeRules.parse({});

describe('decideWake in groups', () => {
  it('ignores group chatter that does not address the bot', async () => {
    expect(await decideWake(message(), defaults, bot, new MemoryRateLimiter())).toEqual({ wake: false, reason: 'not-addressed' });
  });

  it('wakes on a mention and takes the mention out of the text', async () => {
    const decision = await decideWake(message({ text: '@helper_bot  what time is it?', mentions: [{ username: 'helper_bot', isBot: true }] }), defaults, bot, new MemoryRateLimiter());
    expect(decision).toEqual({ wake: true, text: 'what time is it?', addressedBy: 'mention' });
  });

  it('wakes on a Slack-style <@id> mention', async () => {
    const decision = await decideWake(message({ platform: 'slack', text: '<@B1> hi there', mentions: [{ userId: 'B1', isBot: true }] }), defaults, bot, new MemoryRateLimiter());
    expect(decision).toMatchObject({ wake: true, text: 'hi there' });
  });

  it('wakes on a reply to the bot, not on a reply to someone else', async () => {
    const limiter = new MemoryRateLimiter();
    expect(await decideWake(message({ replyTo: { messageId: '9', fromBot: true } }), defaults, bot, limiter)).toMatchObject({ wake: true, addressedBy: 'reply' });
    expect(await decideWake(message({ replyTo: { messageId: '9', fromBot: false } }), defaults, bot, limiter)).toMatchObject({ wake: false, reason: 'not-addressed' });
  });

  it('wakes on commands, ignoring commands addressed to another bot', async () => {
    const limiter = new MemoryRateLimiter();
    expect(await decideWake(message({ text: '/help@helper_bot now' }), defaults, bot, limiter)).toEqual({ wake: true, text: '/help@helper_bot now', addressedBy: 'prefix', command: { name: 'help', args: 'now' } });
    expect(await decideWake(message({ text: '/help@other_bot' }), defaults, bot, limiter)).toEqual({ wake: false, reason: 'not-addressed' });
  });

  it('takes a custom prefix off the text', async () => {
    const rules = WakeRules.parse({ groups: { prefixes: ['!ask'] } });
    expect(await decideWake(message({ text: '!ask where is the exit' }), rules, bot, new MemoryRateLimiter())).toEqual({ wake: true, text: 'where is the exit', addressedBy: 'prefix' });
  });

  it('can answer every group message, and can refuse mentions', async () => {
    const limiter = new MemoryRateLimiter();
    expect(await decideWake(message(), WakeRules.parse({ groups: { everyMessage: true } }), bot, limiter)).toMatchObject({ wake: true, addressedBy: 'every-message' });
    const noMentions = WakeRules.parse({ groups: { mention: false } });
    expect(await decideWake(message({ text: '@helper_bot hi', mentions: [{ username: 'helper_bot', isBot: true }] }), noMentions, bot, limiter)).toMatchObject({ wake: false });
  });

  it('never answers its own messages', async () => {
    expect(await decideWake(message({ sender: { id: 'B1' }, chat: { id: 'c1', kind: 'private' } }), defaults, bot, new MemoryRateLimiter())).toEqual({ wake: false, reason: 'own-message' });
  });
});

describe('decideWake in private chats and with lists', () => {
  it('always wakes in a private chat', async () => {
    expect(await decideWake(message({ chat: { id: 'u1', kind: 'private' } }), defaults, bot, new MemoryRateLimiter())).toEqual({ wake: true, text: 'hello', addressedBy: 'private' });
  });

  it('applies deny and allow lists of users and chats', async () => {
    const limiter = new MemoryRateLimiter();
    const dm = (id: string) => message({ chat: { id: `chat-${id}`, kind: 'private' }, sender: { id } });
    expect(await decideWake(dm('u1'), WakeRules.parse({ denyUsers: ['u1'] }), bot, limiter)).toEqual({ wake: false, reason: 'denied-user' });
    expect(await decideWake(dm('u2'), WakeRules.parse({ allowUsers: ['u1'] }), bot, limiter)).toEqual({ wake: false, reason: 'user-not-allowed' });
    expect(await decideWake(dm('u1'), WakeRules.parse({ allowUsers: ['u1'] }), bot, limiter)).toMatchObject({ wake: true });
    expect(await decideWake(dm('u1'), WakeRules.parse({ denyChats: ['chat-u1'] }), bot, limiter)).toEqual({ wake: false, reason: 'denied-chat' });
    expect(await decideWake(dm('u1'), WakeRules.parse({ allowChats: ['elsewhere'] }), bot, limiter)).toEqual({ wake: false, reason: 'chat-not-allowed' });
  });

  it('ignores empty messages but not media without a caption', async () => {
    const limiter = new MemoryRateLimiter();
    const chat = { id: 'u1', kind: 'private' as const };
    expect(await decideWake(message({ chat, text: '  ' }), defaults, bot, limiter)).toEqual({ wake: false, reason: 'empty' });
    expect(await decideWake(message({ chat, text: '', attachments: [{ kind: 'image', ref: 'f1' }] }), defaults, bot, limiter)).toMatchObject({ wake: true, text: '' });
  });
});

describe('rate limits', () => {
  const rules = WakeRules.parse({ rateLimit: { messages: 2, perSeconds: 10, reply: 'Slow down.' } });
  const dm = (sender: string) => message({ chat: { id: sender, kind: 'private' }, sender: { id: sender } });

  it('answers politely once per window, then stays quiet until the window frees up', async () => {
    const limiter = new MemoryRateLimiter();
    const at = (ms: number) => decideWake(dm('u1'), rules, bot, limiter, 1_000_000 + ms);
    expect(await at(0)).toMatchObject({ wake: true });
    expect(await at(1000)).toMatchObject({ wake: true });
    expect(await at(2000)).toEqual({ wake: false, reason: 'rate-limited', reply: 'Slow down.', retryAfterMs: 8000 });
    expect(await at(3000)).toEqual({ wake: false, reason: 'rate-limited', reply: undefined, retryAfterMs: 7000 });
    expect(await at(10_001)).toMatchObject({ wake: true });
    // Another user is not affected.
    expect(await decideWake(dm('u2'), rules, bot, limiter, 1_003_000)).toMatchObject({ wake: true });
  });

  it('does not count group chatter that does not wake the bot', async () => {
    const limiter = new MemoryRateLimiter();
    for (let i = 0; i < 5; i++) await decideWake(message(), rules, bot, limiter, 1000 + i);
    expect(await decideWake(message({ text: '/start' }), rules, bot, limiter, 2000)).toMatchObject({ wake: true, command: { name: 'start' } });
  });
});

describe('message helpers', () => {
  it('parses commands', () => {
    expect(parseCommand('/Start')).toEqual({ name: 'start', args: '' });
    expect(parseCommand('/reset@Helper_Bot please', 'helper_bot')).toEqual({ name: 'reset', args: 'please' });
    expect(parseCommand('hello /start')).toBeUndefined();
    expect(parseCommand('/')).toBeUndefined();
  });

  it('gives each group thread its own conversation, and private chats one', () => {
    expect(conversationKey('ch', { chat: { id: '-100', kind: 'group' }, threadId: '17.5' })).toBe('ch:g:-100:17.5');
    expect(conversationKey('ch', { chat: { id: 'C1', kind: 'group' } })).toBe('ch:g:C1');
    expect(conversationKey('ch', { chat: { id: 'D1', kind: 'private' }, threadId: '17.5' })).toBe('ch:p:D1');
  });

  it('reads back where a conversation lives from its key', () => {
    expect(parseConversationKey('0b5e-1:g:-100:17.5')).toEqual({ channelId: '0b5e-1', chatKind: 'group', chatId: '-100', threadId: '17.5' });
    expect(parseConversationKey('0b5e-1:p:42')).toEqual({ channelId: '0b5e-1', chatKind: 'private', chatId: '42' });
    expect(parseConversationKey('some-api-conversation')).toBeUndefined();
  });
});

describe('review fixes', () => {
  it('ignores a command for another bot even where every message is answered', async () => {
    const rules = WakeRules.parse({ groups: { everyMessage: true } });
    expect(await decideWake(message({ text: '/start@other_bot' }), rules, bot, new MemoryRateLimiter())).toEqual({ wake: false, reason: 'not-addressed' });
  });

  it('takes a prefix only as a whole word', async () => {
    const rules = WakeRules.parse({ groups: { prefixes: ['!ask'] } });
    expect(await decideWake(message({ text: '!askew thing' }), rules, bot, new MemoryRateLimiter())).toEqual({ wake: false, reason: 'not-addressed' });
    expect(await decideWake(message({ text: '!ask' }), rules, bot, new MemoryRateLimiter())).toEqual({ wake: false, reason: 'empty' });
  });

  it('counts per scope, and keeps a long window when a short one sweeps', async () => {
    const limiter = new MemoryRateLimiter();
    const dm = message({ chat: { id: 'u1', kind: 'private' } });
    const hourly = WakeRules.parse({ rateLimit: { messages: 1, perSeconds: 3600 } });
    const minutely = WakeRules.parse({ rateLimit: { messages: 1, perSeconds: 60 } });
    expect(await decideWake(dm, hourly, bot, limiter, 0, 'bot-a')).toMatchObject({ wake: true });
    expect(await decideWake(dm, hourly, bot, limiter, 1000, 'bot-b')).toMatchObject({ wake: true });
    // Another user's short window sweeps at 71 s; the hourly count of u1 must survive it.
    await decideWake(message({ chat: { id: 'u9', kind: 'private' }, sender: { id: 'u9' } }), minutely, bot, limiter, 71_000, 'bot-a');
    expect(await decideWake(dm, hourly, bot, limiter, 72_000, 'bot-a')).toMatchObject({ wake: false, reason: 'rate-limited' });
  });
});
