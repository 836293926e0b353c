import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiContext } from './context.ts';
import { TelegramError } from './errors.ts';
import { botSees, buttonPress, userMessage } from './incoming.ts';
import { Params } from './params.ts';
import { callMethod, handleRequest, type Router } from './routes.ts';
import { SentLog } from './sent.ts';
import { Store } from './store.ts';
import type { TelegramServer, TelegramServerOptions, Update } from './types.ts';
import { UpdateQueue } from './updates.ts';
import { createGroup, createUser, privateChat } from './users.ts';
import { Webhook } from './webhook.ts';

/**
 * Starts a local Telegram Bot API on 127.0.0.1. grammY works against it unchanged:
 * `new Bot(server.token, { client: { apiRoot: server.url } })`.
 */
export async function startTelegramServer(options: TelegramServerOptions = {}): Promise<TelegramServer> {
  const token = options.token ?? '7000000001:test-token';
  const botId = Number(/^(\d+):/.exec(token)?.[1] ?? '7000000001');
  const store = new Store({
    id: botId,
    is_bot: true,
    first_name: options.botName ?? 'Switchboard Test Bot',
    username: options.botUsername ?? 'switchboard_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: options.canReadAllGroupMessages ?? false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  });
  const queue = new UpdateQueue();
  const sent = new SentLog();
  const delivered = new Map<number, Update>();
  // Sockets are tracked so stop() can cut every connection, long polls included, like a network loss.
  const sockets = new Set<Socket>();
  let lifetime = new AbortController();

  const webhook = new Webhook(
    queue,
    { initialMs: options.webhookRetry?.initialMs ?? 50, maxMs: options.webhookRetry?.maxMs ?? 1000, timeoutMs: options.webhookTimeoutMs ?? 5000 },
    async ({ method, ...rest }) => {
      await callMethod(router, String(method), new Params(rest), lifetime.signal);
    },
  );
  const context: ApiContext = { store, queue, sent, webhook };
  const router: Router = { token, context, calls: [], failures: new Map() };

  const server = createServer((req, res) => {
    const gone = new AbortController();
    res.on('close', () => {
      gone.abort();
    });
    handleRequest(req, res, router, AbortSignal.any([gone.signal, lifetime.signal])).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(new TelegramError(500, `Internal Server Error: ${String(error)}`).body()));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server, options.port ?? 0);
  let closed = false;

  const enqueue = (update: Update): boolean => {
    delivered.set(update.update_id, update);
    return queue.push(update);
  };

  const stop = async (): Promise<void> => {
    if (!server.listening) return;
    lifetime.abort();
    webhook.pause();
    const stopped = new Promise<void>((resolve) => server.close(() => {
      resolve();
    }));
    for (const socket of sockets) socket.destroy();
    await stopped;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    bot: store.bot,
    createUser: (input) => createUser(store, input),
    privateChat: (user) => privateChat(store, user),
    createGroup: (input) => createGroup(store, input),
    userSends: (input) => {
      const message = userMessage(store, input);
      const update: Update = { update_id: queue.nextUpdateId(), message };
      const visible = botSees(store, message, store.bot.can_read_all_group_messages);
      return { update, message, delivered: visible && enqueue(update) };
    },
    pressButton: (press) => {
      const update = buttonPress(store, press, queue.nextUpdateId());
      enqueue(update);
      return update;
    },
    redeliver: (updateId) => {
      const update = delivered.get(updateId);
      if (update === undefined) throw new Error(`redeliver: update ${updateId} was never delivered`);
      queue.replay(update);
    },
    sent: sent.events,
    waitForSent: (predicate, timeoutMs = 2000) => sent.wait(predicate, timeoutMs),
    calls: router.calls,
    webhookAttempts: webhook.attempts,
    failNext: (method, failure) => {
      const key = method.toLowerCase();
      router.failures.set(key, [...(router.failures.get(key) ?? []), failure]);
    },
    fileBytes: (fileId) => store.file(fileId)?.bytes,
    stop,
    start: async () => {
      if (closed) throw new Error('the Telegram test server is closed');
      if (server.listening) return;
      lifetime = new AbortController();
      await listen(server, port);
      webhook.resume();
    },
    close: async () => {
      closed = true;
      webhook.close();
      await stop();
    },
  };
}

async function listen(server: Server, port: number): Promise<number> {
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the Telegram test server has no TCP address');
  return address.port;
}
