import { Bot, InlineKeyboard, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTelegramServer } from './server.ts';
import type { SentEvent, TelegramServer } from './types.ts';

let server: TelegramServer;
let bot: Bot;
let running: Promise<void> | undefined;
beforeEach(async () => {
  server = await startTelegramServer({ botUsername: 'board_bot' });
  bot = new Bot(server.token, { client: { apiRoot: server.url } });
  running = undefined;
});
afterEach(async () => {
  if (running !== undefined) {
    await bot.stop();
    await running;
  }
  await server.close();
});

/** Starts long polling with a short timeout, so stopping is quick. */
function poll(): void {
  running = bot.start({ timeout: 1 });
}

function isMessage(event: SentEvent): event is Extract<SentEvent, { kind: 'message' }> {
  return event.kind === 'message';
}

describe('private chats over long polling', () => {
  it('delivers a user message to bot.start() and records ctx.reply', async () => {
    bot.on('message:text', (ctx) => ctx.reply(`You said: ${ctx.message.text}`, { reply_parameters: { message_id: ctx.message.message_id } }));
    poll();
    const ada = server.createUser({ firstName: 'Ada', username: 'ada' });
    const chat = server.privateChat(ada);
    const { message } = server.userSends({ chat, text: 'hello there' });

    const reply = await server.waitForSent(isMessage);
    expect(reply).toMatchObject({ kind: 'message', method: 'sendMessage', chatId: ada.id, text: 'You said: hello there' });
    expect(isMessage(reply) ? reply.message.reply_to_message?.message_id : undefined).toBe(message.message_id);
    expect(message).toMatchObject({ message_id: 1, from: { id: ada.id, first_name: 'Ada' }, chat: { id: ada.id, type: 'private' } });
    expect(isMessage(reply) ? reply.message.message_id : undefined).toBe(2); // message ids are per chat and shared with the user
  });

  it('gives a reply to a bot message its reply_to_message', async () => {
    const replies: (number | undefined)[] = [];
    bot.on('message', (ctx) => {
      replies.push(ctx.message.reply_to_message?.message_id);
    });
    const chat = server.privateChat(server.createUser());
    const question = await bot.api.sendMessage(chat.id, 'What is your name?');
    poll();
    server.userSends({ chat, text: 'Grace', replyTo: question });
    await expect.poll(() => replies).toEqual([question.message_id]);
  });

  it('records chat actions in order with the messages', async () => {
    bot.on('message', async (ctx) => {
      await ctx.replyWithChatAction('typing');
      await ctx.reply('done');
    });
    poll();
    server.userSends({ chat: server.privateChat(server.createUser()), text: 'work' });
    await server.waitForSent((event) => event.kind === 'message');
    expect(server.sent.map((event) => event.kind)).toEqual(['chatAction', 'message']);
    expect(server.sent[0]).toMatchObject({ action: 'typing' });
  });
});

describe('groups', () => {
  it('marks a /command addressed to the bot and a mention with entities grammY understands', async () => {
    const commands: string[] = [];
    const mentions: string[] = [];
    bot.command('ask', (ctx) => {
      commands.push(ctx.match);
    });
    bot.on('message::mention', (ctx) => {
      mentions.push(ctx.message.text ?? '');
    });
    poll();
    const alice = server.createUser({ firstName: 'Alice' });
    const group = server.createGroup({ title: 'Ops', members: [alice] });

    const command = server.userSends({ chat: group, from: alice, text: '/ask@board_bot what is up?' });
    const mention = server.userSends({ chat: group, from: alice, text: 'hey @board_bot, ping #ops https://example.com' });
    expect(command.message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 14 }]);
    expect(mention.message.entities).toEqual([
      { type: 'mention', offset: 4, length: 10 },
      { type: 'hashtag', offset: 21, length: 4 },
      { type: 'url', offset: 26, length: 19 },
    ]);
    await expect.poll(() => [commands, mentions]).toEqual([['what is up?'], ['hey @board_bot, ping #ops https://example.com']]);
    expect(command.message.chat).toMatchObject({ type: 'group', title: 'Ops' });
    expect(command.message.chat.id).toBeLessThan(0);
  });

  it('keeps group chatter from a bot in privacy mode, but not replies to it', async () => {
    const alice = server.createUser();
    const group = server.createGroup({ title: 'Ops', members: [alice], type: 'supergroup' });
    const botPost = await bot.api.sendMessage(group.id, 'Anyone?');
    expect(server.userSends({ chat: group, from: alice, text: 'just chatting' }).delivered).toBe(false);
    expect(server.userSends({ chat: group, from: alice, text: '/other@another_bot' }).delivered).toBe(false);
    expect(server.userSends({ chat: group, from: alice, text: 'me!', replyTo: botPost }).delivered).toBe(true);
    const updates = await bot.api.getUpdates();
    expect(updates.map((update) => update.message?.text)).toEqual(['me!']);

    const open = await startTelegramServer({ canReadAllGroupMessages: true });
    const everyone = open.createGroup({ title: 'Open', members: [alice] });
    expect(open.userSends({ chat: everyone, from: alice, text: 'just chatting' }).delivered).toBe(true);
    await open.close();
  });
});

describe('supergroup topics', () => {
  it('keeps message_thread_id on messages both ways, and takes the legacy reply_to_message_id', async () => {
    const alice = server.createUser();
    const group = server.createGroup({ title: 'Forum', members: [alice], type: 'supergroup', username: 'forum_chat' });
    const question = server.userSends({ chat: group, from: alice, text: '/help', messageThreadId: 7 });
    expect(question.message).toMatchObject({ message_thread_id: 7, is_topic_message: true });
    const answer = await bot.api.sendMessage('@forum_chat', 'Here is help', { message_thread_id: 7, reply_to_message_id: question.message.message_id });
    expect(answer).toMatchObject({ chat: { id: group.id }, message_thread_id: 7, reply_to_message: { message_id: question.message.message_id } });
  });
});

describe('inline keyboards', () => {
  it('turns a button press into a callback_query the bot answers and edits from', async () => {
    bot.command('menu', (ctx) => ctx.reply('Pick one', { reply_markup: new InlineKeyboard().text('Yes', 'vote:yes').text('No', 'vote:no') }));
    bot.callbackQuery(/^vote:(.+)$/, async (ctx: Context) => {
      await ctx.answerCallbackQuery({ text: 'Thanks!' });
      await ctx.editMessageText(`You chose ${ctx.match?.[1] ?? '?'}`);
    });
    poll();
    const user = server.createUser();
    const chat = server.privateChat(user);
    server.userSends({ chat, text: '/menu' });
    const menu = await server.waitForSent(isMessage);
    if (!isMessage(menu)) throw new Error('expected a message');
    expect(menu.message.reply_markup?.inline_keyboard[0]?.map((button) => button.text)).toEqual(['Yes', 'No']);

    expect(() => server.pressButton({ from: user, message: menu.message, data: 'vote:maybe' })).toThrow(/no button/);
    const press: Update = server.pressButton({ from: user, message: menu.message, data: 'vote:no' });
    const edit = await server.waitForSent((event) => event.kind === 'edit');
    expect(edit).toMatchObject({ kind: 'edit', chatId: chat.id, messageId: menu.message.message_id, text: 'You chose no' });
    expect(server.sent).toContainEqual({ kind: 'callbackAnswer', callbackQueryId: press.callback_query?.id, text: 'Thanks!', showAlert: false });
    // Telegram refuses a second answer to the same query.
    await expect(bot.api.answerCallbackQuery(press.callback_query?.id ?? '')).rejects.toMatchObject({ error_code: 400 });
    // editMessageText without reply_markup dropped the keyboard, so the button is gone.
    expect(() => server.pressButton({ from: user, message: menu.message, data: 'vote:no' })).toThrow(/no button/);
    await bot.api.editMessageReplyMarkup(chat.id, menu.message.message_id, { reply_markup: new InlineKeyboard().text('Again', 'vote:again') });
    expect(server.pressButton({ from: user, message: menu.message, data: 'vote:again' }).callback_query?.message?.message_id).toBe(menu.message.message_id);
    await server.waitForSent((event) => event.kind === 'edit' && event.text === 'You chose again');
  });
});

describe('redelivery', () => {
  it('hands an already confirmed update to the bot again with the same update_id', async () => {
    const ids: number[] = [];
    bot.on('message', (ctx) => {
      ids.push(ctx.update.update_id);
    });
    poll();
    const { update } = server.userSends({ chat: server.privateChat(server.createUser()), text: 'once' });
    await expect.poll(() => ids).toEqual([update.update_id]);
    server.redeliver(update.update_id);
    await expect.poll(() => ids).toEqual([update.update_id, update.update_id]);
  });
});
