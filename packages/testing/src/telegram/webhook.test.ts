import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { Bot, webhookCallback } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../redis-server.ts';
import { startTelegramServer } from './server.ts';
import type { TelegramServer } from './types.ts';

let server: TelegramServer;
let receiver: Server | undefined;
beforeEach(async () => {
  server = await startTelegramServer({ webhookRetry: { initialMs: 20, maxMs: 100 } });
  receiver = undefined;
});
afterEach(async () => {
  receiver?.closeAllConnections();
  receiver?.close();
  await server.close();
});

function newBot(options: { webhookReply?: boolean } = {}): Bot {
  return new Bot(server.token, { client: { apiRoot: server.url, canUseWebhookReply: () => options.webhookReply === true } });
}

/** A node:http server handing every request to grammY's webhookCallback; answers 500 when the bot throws. */
async function serveWebhook(bot: Bot, secretToken: string, port = 0): Promise<string> {
  const handle = webhookCallback(bot, 'http', { secretToken });
  receiver = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  receiver.listen(port, '127.0.0.1');
  await once(receiver, 'listening');
  const address = receiver.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}/telegram`;
}

describe('webhook delivery', () => {
  it('POSTs updates with the secret token header to the webhook grammY serves', async () => {
    const bot = newBot();
    bot.on('message:text', (ctx) => ctx.reply(`echo ${ctx.message.text}`));
    const url = await serveWebhook(bot, 'sekret_1');
    await bot.api.setWebhook(url, { secret_token: 'sekret_1' });

    const chat = server.privateChat(server.createUser());
    server.userSends({ chat, text: 'via webhook' });
    await server.waitForSent((event) => event.kind === 'message');
    expect(server.sent).toMatchObject([{ kind: 'message', text: 'echo via webhook', chatId: chat.id }]);
    // grammY answers the POST only after its middleware (and so the reply) finished.
    await expect.poll(() => server.webhookAttempts.at(-1)?.status).toBe(200);
    expect(server.webhookAttempts).toMatchObject([{ status: 200, secretToken: 'sekret_1', error: undefined }]);
    expect(await bot.api.getWebhookInfo()).toMatchObject({ url, pending_update_count: 0, has_custom_certificate: false });
  });

  it('keeps an update grammY refuses for a wrong secret, records the error, and delivers once fixed', async () => {
    const bot = newBot();
    bot.on('message', (ctx) => ctx.reply('got it'));
    const url = await serveWebhook(bot, 'right_secret');
    await bot.api.setWebhook(url, { secret_token: 'wrong_secret' });
    server.userSends({ chat: server.privateChat(server.createUser()), text: 'knock knock' });

    await expect.poll(() => server.webhookAttempts.length).toBeGreaterThanOrEqual(2);
    expect(server.webhookAttempts[0]).toMatchObject({ status: 401, secretToken: 'wrong_secret' });
    const info = await bot.api.getWebhookInfo();
    expect(info).toMatchObject({ pending_update_count: 1, last_error_message: 'Wrong response from the webhook: 401 Unauthorized' });
    expect(info.last_error_date).toBeGreaterThan(0);
    expect(server.sent).toEqual([]);

    await bot.api.setWebhook(url, { secret_token: 'right_secret' });
    await server.waitForSent((event) => event.kind === 'message');
    expect((await bot.api.getWebhookInfo()).pending_update_count).toBe(0);
  });

  it('retries a failing receiver with the same update until it succeeds', async () => {
    const bot = newBot();
    let calls = 0;
    bot.on('message', async (ctx) => {
      calls += 1;
      if (calls < 3) throw new Error('database is down');
      await ctx.reply('finally');
    });
    await bot.api.setWebhook(await serveWebhook(bot, 's'), { secret_token: 's' });
    const { update } = server.userSends({ chat: server.privateChat(server.createUser()), text: 'hello' });

    await server.waitForSent((event) => event.kind === 'message');
    await expect.poll(() => server.webhookAttempts.at(-1)?.status).toBe(200);
    expect(server.webhookAttempts.map((attempt) => [attempt.updateId, attempt.status])).toEqual([
      [update.update_id, 500],
      [update.update_id, 500],
      [update.update_id, 200],
    ]);
    expect(server.sent).toHaveLength(1);
  });

  it('retries while the receiver is down, then delivers in order once it listens', async () => {
    const port = await freePort();
    const bot = newBot();
    const texts: string[] = [];
    bot.on('message:text', (ctx) => {
      texts.push(ctx.message.text);
    });
    await bot.api.setWebhook(`http://127.0.0.1:${port}/telegram`, { secret_token: 's' });
    const chat = server.privateChat(server.createUser());
    server.userSends({ chat, text: 'one' });
    server.userSends({ chat, text: 'two' });

    await expect.poll(() => server.webhookAttempts.length).toBeGreaterThanOrEqual(2);
    expect(server.webhookAttempts[0]?.error).toBe('Connection refused');
    expect(await bot.api.getWebhookInfo()).toMatchObject({ pending_update_count: 2, last_error_message: 'Connection refused' });
    await serveWebhook(bot, 's', port);
    await expect.poll(() => texts).toEqual(['one', 'two']);
  });

  it('redelivers an accepted update on request, with the same update_id', async () => {
    const bot = newBot();
    const ids: number[] = [];
    bot.on('message', (ctx) => {
      ids.push(ctx.update.update_id);
    });
    await bot.api.setWebhook(await serveWebhook(bot, 's'), { secret_token: 's' });
    const { update } = server.userSends({ chat: server.privateChat(server.createUser()), text: 'dup' });
    await expect.poll(() => ids).toEqual([update.update_id]);
    server.redeliver(update.update_id);
    await expect.poll(() => ids).toEqual([update.update_id, update.update_id]);
  });

  it('executes a webhook reply: the API call grammY puts in the response body', async () => {
    const bot = newBot({ webhookReply: true });
    bot.on('message', (ctx) => ctx.reply('answered in the response'));
    await bot.api.setWebhook(await serveWebhook(bot, 's'), { secret_token: 's' });
    const chat = server.privateChat(server.createUser());
    server.userSends({ chat, text: 'hi' });
    const event = await server.waitForSent((candidate) => candidate.kind === 'message');
    expect(event).toMatchObject({ chatId: chat.id, text: 'answered in the response' });
    expect(server.calls.filter((call) => call.method === 'sendMessage')).toHaveLength(1);
  });

  it('drops pending updates on request and goes back to getUpdates after deleteWebhook', async () => {
    const bot = newBot();
    await bot.api.setWebhook('http://127.0.0.1:9/nowhere');
    const chat = server.privateChat(server.createUser());
    server.userSends({ chat, text: 'lost' });
    await bot.api.deleteWebhook({ drop_pending_updates: true });
    expect(await bot.api.getWebhookInfo()).toMatchObject({ url: '', pending_update_count: 0 });
    server.userSends({ chat, text: 'kept' });
    expect((await bot.api.getUpdates()).map((update) => update.message?.text)).toEqual(['kept']);
    await expect(bot.api.setWebhook('https://example.com/hook', { secret_token: 'has spaces' })).rejects.toMatchObject({
      description: 'Bad Request: bad webhook: secret token contains unallowed characters',
    });
  });
});
