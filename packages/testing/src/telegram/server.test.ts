import { Bot, GrammyError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTelegramServer } from './server.ts';
import type { TelegramServer } from './types.ts';

let server: TelegramServer;
beforeEach(async () => {
  server = await startTelegramServer({ botUsername: 'board_bot' });
});
afterEach(() => server.close());

function botFor(token = server.token): Bot {
  return new Bot(token, { client: { apiRoot: server.url } });
}

/** The rejection of a promise, or undefined when it resolved. */
function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('Bot API basics', () => {
  it('answers getMe with the bot user, its id taken from the token', async () => {
    const me = await botFor().api.getMe();
    expect(me).toMatchObject({ id: 7000000001, is_bot: true, username: 'board_bot', can_read_all_group_messages: false });
    expect(server.calls).toMatchObject([{ method: 'getMe', params: {} }]);
  });

  it('rejects an unknown token with 401 Unauthorized', async () => {
    const error = await rejectionOf(botFor('1:wrong').api.getMe());
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 401, description: 'Unauthorized' });
  });

  it('answers an unknown method with 404 Not Found, and takes any method-name case', async () => {
    const unknown = await fetch(`${server.url}/bot${server.token}/sendTelepathy`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    const lower = await fetch(`${server.url}/bot${server.token}/getme`);
    expect(await lower.json()).toMatchObject({ ok: true, result: { username: 'board_bot' } });
  });

  it('reads parameters from a GET query and from a urlencoded form', async () => {
    const chat = server.privateChat(server.createUser({ firstName: 'Ada' }));
    const byQuery = await fetch(`${server.url}/bot${server.token}/sendMessage?chat_id=${chat.id}&text=from%20the%20query`);
    expect(await byQuery.json()).toMatchObject({ ok: true, result: { text: 'from the query', chat: { id: chat.id } } });
    const byForm = await fetch(`${server.url}/bot${server.token}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: String(chat.id), text: 'from a form', reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] }) }),
    });
    expect(await byForm.json()).toMatchObject({ ok: true, result: { message_id: 2, reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] } } });
  });

  it.each([
    ['an unknown chat', 424242, { text: 'hi' }, 'Bad Request: chat not found'],
    ['an empty text', undefined, { text: '  ' }, 'Bad Request: message text is empty'],
    ['unescaped MarkdownV2', undefined, { text: 'Done.', parse_mode: 'MarkdownV2' as const }, "Bad Request: can't parse entities: Character '.' is reserved"],
    ['an unclosed HTML tag', undefined, { text: '<b>bold', parse_mode: 'HTML' as const }, 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'],
    ['a reply to a missing message', undefined, { text: 'hi', reply_parameters: { message_id: 99 } }, 'Bad Request: message to be replied not found'],
  ])('refuses sendMessage with %s', async (_case, chatId, payload, description) => {
    const chat = server.privateChat(server.createUser());
    const error = await rejectionOf(botFor().api.raw.sendMessage({ chat_id: chatId ?? chat.id, ...payload }));
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 400 });
    expect(error instanceof GrammyError ? error.description : '').toContain(description);
  });

  it('refuses a missing chat_id and an unknown parse_mode', async () => {
    const missing = await fetch(`${server.url}/bot${server.token}/sendMessage?text=hi`);
    expect(await missing.json()).toEqual({ ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
    const chat = server.privateChat(server.createUser());
    const mode = await fetch(`${server.url}/bot${server.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: chat.id, text: 'hi', parse_mode: 'BBCode' }),
    });
    expect(await mode.json()).toMatchObject({ error_code: 400, description: 'Bad Request: unsupported parse_mode' });
  });

  it('refuses to message a user who never started the bot, with 403', async () => {
    const stranger = server.createUser();
    const error = await rejectionOf(botFor().api.sendMessage(stranger.id, 'hello?'));
    expect(error).toMatchObject({ error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" });
  });

  it('applies HTML parse_mode: markup becomes entities, and the raw text is recorded', async () => {
    const chat = server.privateChat(server.createUser());
    const message = await botFor().api.sendMessage(chat.id, '<b>Bold</b> and <a href="https://example.com">a link</a> &amp; more', { parse_mode: 'HTML' });
    expect(message.text).toBe('Bold and a link & more');
    expect(message.entities).toEqual([
      { type: 'bold', offset: 0, length: 4 },
      { type: 'text_link', offset: 9, length: 6, url: 'https://example.com' },
    ]);
    expect(server.sent).toMatchObject([{ kind: 'message', text: '<b>Bold</b> and <a href="https://example.com">a link</a> &amp; more', parseMode: 'HTML' }]);
  });

  it('edits and deletes the bot messages, refusing an edit that changes nothing', async () => {
    const bot = botFor();
    const chat = server.privateChat(server.createUser());
    const sent = await bot.api.sendMessage(chat.id, 'Thinking…');
    const edited = await bot.api.editMessageText(chat.id, sent.message_id, 'The answer is *42*', { parse_mode: 'MarkdownV2' });
    expect(edited).toMatchObject({ message_id: sent.message_id, text: 'The answer is 42', entities: [{ type: 'bold', offset: 14, length: 2 }] });
    const unchanged = await rejectionOf(bot.api.editMessageText(chat.id, sent.message_id, 'The answer is *42*', { parse_mode: 'MarkdownV2' }));
    expect(unchanged).toMatchObject({ error_code: 400 });
    expect(String(unchanged)).toContain('message is not modified');
    expect(await bot.api.deleteMessage(chat.id, sent.message_id)).toBe(true);
    await expect(bot.api.deleteMessage(chat.id, sent.message_id)).rejects.toMatchObject({ description: 'Bad Request: message to delete not found' });
    expect(server.sent.map((event) => event.kind)).toEqual(['message', 'edit', 'delete']);
  });

  it('stores commands per scope and describes the chats it knows', async () => {
    const bot = botFor();
    await bot.api.setMyCommands([{ command: 'start', description: 'Start over' }]);
    await bot.api.setMyCommands([{ command: 'ban', description: 'Ban someone' }], { scope: { type: 'all_chat_administrators' } });
    expect(await bot.api.getMyCommands()).toEqual([{ command: 'start', description: 'Start over' }]);
    expect(await bot.api.getMyCommands({ scope: { type: 'all_chat_administrators' } })).toEqual([{ command: 'ban', description: 'Ban someone' }]);
    await expect(bot.api.setMyCommands([{ command: 'Bad Command', description: 'x' }])).rejects.toMatchObject({ description: 'Bad Request: BOT_COMMAND_INVALID' });
    const group = server.createGroup({ title: 'Ops', type: 'supergroup' });
    expect(await bot.api.getChat(group.id)).toMatchObject({ id: group.id, type: 'supergroup', title: 'Ops' });
    expect(group.id).toBeLessThan(-1_000_000_000_000);
  });
});

describe('scripted failures', () => {
  it('surfaces a scripted 429 as a GrammyError with parameters.retry_after, then recovers', async () => {
    const bot = botFor();
    const chat = server.privateChat(server.createUser());
    server.failNext('sendMessage', { status: 429, retryAfter: 2 });
    const error = await rejectionOf(bot.api.sendMessage(chat.id, 'hi'));
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } });
    expect(server.sent).toEqual([]);
    await bot.api.sendMessage(chat.id, 'hi');
    expect(server.sent).toHaveLength(1);
  });

  it('scripts 500 and 400 in order, for one method or for any', async () => {
    const bot = botFor();
    server.failNext('getMe', { status: 500 });
    server.failNext('*', { status: 400, description: 'Bad Request: scripted' });
    await expect(bot.api.getMe()).rejects.toMatchObject({ error_code: 500, description: 'Internal Server Error' });
    await expect(bot.api.getWebhookInfo()).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: scripted' });
    await expect(bot.api.getMe()).resolves.toMatchObject({ is_bot: true });
  });
});

describe('long polling', () => {
  it('makes a polling bot wait out a scripted 429 retry_after before polling again', async () => {
    const bot = botFor();
    const seen: string[] = [];
    bot.on('message:text', (ctx) => {
      seen.push(ctx.message.text);
    });
    server.failNext('getUpdates', { status: 429, retryAfter: 1 });
    server.userSends({ chat: server.privateChat(server.createUser()), text: 'after the wait' });
    const running = bot.start({ timeout: 1 });
    await expect.poll(() => seen, { timeout: 3000 }).toEqual(['after the wait']);
    await bot.stop();
    await running;
    const polls = server.calls.filter((call) => call.method === 'getUpdates');
    expect((polls[1]?.at ?? 0) - (polls[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('filters updates by allowed_updates and honours limit', async () => {
    const bot = botFor();
    const user = server.createUser();
    const chat = server.privateChat(user);
    await bot.api.getUpdates({ allowed_updates: ['callback_query'] });
    expect(server.userSends({ chat, text: 'ignored' }).delivered).toBe(false);
    const menu = await bot.api.sendMessage(chat.id, 'menu', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    server.pressButton({ from: user, message: menu, data: 'a' });
    server.pressButton({ from: user, message: menu, data: 'a' });
    const updates = await bot.api.getUpdates({ limit: 1 });
    expect(updates).toHaveLength(1);
    expect(updates[0]?.callback_query).toMatchObject({ data: 'a', message: { message_id: menu.message_id } });
  });


  it('holds getUpdates until an update arrives, and confirms it with the next offset', async () => {
    const bot = botFor();
    const chat = server.privateChat(server.createUser());
    const started = Date.now();
    const waiting = bot.api.getUpdates({ timeout: 5 });
    setTimeout(() => server.userSends({ chat, text: 'hello' }), 100);
    const [update] = await waiting;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(update?.message?.text).toBe('hello');
    expect(await bot.api.getUpdates({ timeout: 0 })).toHaveLength(1); // not confirmed yet
    expect(await bot.api.getUpdates({ offset: (update?.update_id ?? 0) + 1, timeout: 0 })).toEqual([]);
  });

  it('answers the older of two concurrent polls with 409 Conflict', async () => {
    const first = rejectionOf(botFor().api.getUpdates({ timeout: 5 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = botFor().api.getUpdates({ timeout: 0 });
    const conflict = await first;
    expect(conflict).toBeInstanceOf(GrammyError);
    expect(conflict instanceof GrammyError ? [conflict.error_code, conflict.description] : []).toEqual([
      409,
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    ]);
    expect(await second).toEqual([]);
  });

  it('refuses getUpdates while a webhook is set', async () => {
    const bot = botFor();
    await bot.api.setWebhook('http://127.0.0.1:9/hook');
    await expect(bot.api.getUpdates()).rejects.toMatchObject({
      error_code: 409,
      description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
  });

  it('resumes a polling bot after the server was stopped and started again', async () => {
    const bot = botFor();
    const seen: string[] = [];
    bot.on('message:text', (ctx) => {
      seen.push(ctx.message.text);
    });
    bot.catch(() => undefined);
    const chat = server.privateChat(server.createUser());
    const running = bot.start({ timeout: 1 });
    server.userSends({ chat, text: 'before' });
    await expect.poll(() => seen, { timeout: 3000 }).toEqual(['before']);

    await server.stop();
    expect(await rejectionOf(fetch(`${server.url}/bot${server.token}/getMe`))).toBeInstanceOf(TypeError); // connection refused
    server.userSends({ chat, text: 'while down' });
    await server.start();
    server.userSends({ chat, text: 'after' });
    // grammY waits 3 s after a failed getUpdates before polling again.
    await expect.poll(() => seen, { timeout: 8000, interval: 100 }).toEqual(['before', 'while down', 'after']);
    await bot.stop();
    await running;
  }, 15_000);
});
