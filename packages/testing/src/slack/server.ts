import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { text as readText } from 'node:stream/consumers';
import type { ApiContext } from './chat.ts';
import { download, receiveUpload } from './files.ts';
import { createIds } from './ids.ts';
import { applyResponse, createResponseUrls } from './response-url.ts';
import { signedHeaders } from './sign.ts';
import { startSocketMode } from './socket-mode.ts';
import { createToApp } from './to-app.ts';
import type { Delivery, RecordedCall, RecordedPost, SlackServer, SlackServerOptions } from './types.ts';
import { callMethod, createFailureScript } from './web-api.ts';
import { parseJson, readWebRequest } from './web-request.ts';
import { createWorkspace, ensureChannel, ensureUser } from './workspace.ts';

/**
 * Starts a local Slack: the Web API (point WebClient's or Bolt's `clientOptions.slackApiUrl` at `apiUrl`),
 * file upload and download URLs, response_urls, a Socket Mode WebSocket server, and the sending side of
 * the Events API, slash commands and interactivity, signed with `signingSecret`.
 */
export async function startSlackServer(options: SlackServerOptions = {}): Promise<SlackServer> {
  const botToken = options.botToken ?? 'xoxb-test-bot-token';
  const appToken = options.appToken ?? 'xapp-1-A0SWITCH-test-app-token';
  const signingSecret = options.signingSecret ?? 'test-signing-secret';
  const team = options.team ?? { id: 'T0SWITCH', name: 'Switchboard Test', domain: 'switchboard-test' };
  const bot = options.bot ?? { userId: 'U0BOT0001', botId: 'B0BOT0001', appId: 'A0SWITCH', name: 'switchboard' };
  const calls: RecordedCall[] = [];
  const posts: RecordedPost[] = [];
  const deliveries: Delivery[] = [];
  const waiters = new Set<{ predicate: (post: RecordedPost) => boolean; resolve(post: RecordedPost): void }>();
  const failures = createFailureScript();
  const closing = new AbortController();
  const sockets = new Set<Socket>();
  let socketModeOn = options.socketMode ?? false;

  const record = (recorded: RecordedPost): void => {
    posts.push(recorded);
    for (const waiter of waiters) if (waiter.predicate(recorded)) waiter.resolve(recorded);
  };

  let api: Server = listener();
  api.listen(options.port ?? 0, '127.0.0.1');
  await once(api, 'listening');
  const address = api.address();
  if (address === null || typeof address === 'string') throw new Error('the Slack test server has no TCP address');
  const port = address.port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const workspace = createWorkspace(team, bot, createIds(), baseUrl);
  const context: ApiContext = {
    workspace,
    record,
    posted: (message) => {
      // In the background, as Slack does: the Web API call has already been answered.
      if (options.echoBotMessages === true) toApp.echo(message).catch(() => undefined);
    },
  };
  const socket = await startSocketMode({ appId: bot.appId, ackTimeoutMs: options.ackTimeoutMs ?? 3000, retryDelaysMs: options.retryDelaysMs ?? [50, 100, 200], port: options.socketPort ?? 0 });
  const responseUrls = createResponseUrls(workspace);
  const urls = { events: options.requestUrl, commands: options.commandUrl, interactivity: options.interactivityUrl };
  const toApp = createToApp({
    workspace,
    signingSecret,
    events: options.events ?? ['app_mention', 'message.im'],
    urls,
    socketMode: () => socketModeOn,
    socket,
    http: { signingSecret, ackTimeoutMs: options.ackTimeoutMs ?? 3000, retryDelaysMs: options.retryDelaysMs ?? [50, 100, 200], signal: closing.signal },
    responseUrls,
    record,
    deliveries,
  });
  const webApiConfig = {
    botToken,
    appToken,
    openConnection: () => {
      socketModeOn = true;
      return { ok: true, url: socket.issueUrl() };
    },
  };

  function listener(): Server {
    const server = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (res.headersSent) res.destroy();
        else res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: `fake_slack_failed: ${String(error)}` }));
      });
    });
    server.on('connection', (connection) => {
      sockets.add(connection);
      connection.on('close', () => sockets.delete(connection));
    });
    return server;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', baseUrl).pathname;
    const method = /^\/api\/([\w.]+)$/.exec(path)?.[1];
    if (method !== undefined) {
      const request = await readWebRequest(req);
      const answer = failures.take(method) ?? callMethod(method, request.params, request.token, webApiConfig, context);
      calls.push({ method, params: request.params, token: request.token, response: answer.body, status: answer.status });
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers }).end(JSON.stringify(answer.body));
      return;
    }
    const upload = /^\/upload\/v1\/(\w+)$/.exec(path)?.[1];
    if (upload !== undefined && req.method === 'POST') return receiveUpload(workspace, upload, req, res);
    const file = new RegExp(`^/files-pri/${team.id}-(\\w+)/`).exec(path)?.[1];
    if (file !== undefined && req.method === 'GET') {
      download(workspace, file, req.headers.authorization, botToken, res);
      return;
    }
    const target = responseUrls.target(path);
    if (target !== undefined && req.method === 'POST') {
      const body = parseJson(await readText(req));
      record(applyResponse(workspace, target, body, 'response_url'));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
  }

  const stopApi = async (): Promise<void> => {
    if (!api.listening) return;
    const closed = new Promise<void>((resolve) => api.close(() => {
      resolve();
    }));
    for (const connection of sockets) connection.destroy();
    await closed;
  };

  return {
    apiUrl: `${baseUrl}/api/`,
    team,
    bot,
    botToken,
    appToken,
    signingSecret,
    calls,
    posts,
    deliveries,
    setRequestUrl: (url, which) => {
      if (which === undefined) urls.events = url;
      else urls[which] = url;
    },
    addUser: (user) => {
      ensureUser(workspace, user.id, user.name, user.isBot);
    },
    addChannel: (channel) => {
      ensureChannel(workspace, channel.id, channel.name, channel.user);
    },
    ...toApp,
    sign: (body, timestamp) => signedHeaders(signingSecret, body, timestamp),
    failNext: (method, failure = {}) => {
      failures.add(method, failure);
    },
    waitFor: (predicate, timeoutMs = 2000) => {
      const done = posts.find(predicate);
      if (done !== undefined) return Promise.resolve(done);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (found: RecordedPost) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(found);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`Slack test server: no matching post within ${timeoutMs} ms; posts so far: ${JSON.stringify(posts.map((p) => ({ via: p.via, channel: p.channel, text: p.text })))}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    history: (channel) => [...(workspace.messages.get(channel) ?? [])],
    file: (id) => workspace.files.get(id),
    socketConnections: () => socket.connections(),
    disconnect: (reason = 'refresh_requested') => {
      socket.disconnect(reason);
    },
    stop: async () => {
      await Promise.all([stopApi(), socket.stop()]);
    },
    start: async () => {
      if (!api.listening) {
        api = listener();
        api.listen(port, '127.0.0.1');
        await once(api, 'listening');
      }
      await socket.start();
    },
    close: async () => {
      closing.abort();
      await Promise.all([stopApi(), socket.close()]);
    },
  };
}
