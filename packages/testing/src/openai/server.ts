import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { text } from 'node:stream/consumers';
import type { ChatContext } from './chat.ts';
import { errorReply } from './errors.ts';
import { respond } from './respond.ts';
import { route, type IncomingCall } from './routes.ts';
import type { OpenAIServer, OpenAIServerOptions, RecordedRequest, ScriptedResponse } from './types.ts';

/** Starts an OpenAI-compatible server on 127.0.0.1; point the `openai` SDK's baseURL at `url`. */
export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAIServer> {
  const requests: RecordedRequest[] = [];
  const script: ScriptedResponse[] = [];
  const counters = new Map<string, number>();
  const nextId = (prefix: string): string => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}${n}`;
  };
  const context: ChatContext = { models: options.models, nextScripted: () => script.shift() ?? (options.latencyMs ? { delayMs: options.latencyMs } : undefined), nextId };
  // Keep-alive connections would make server.close() wait for their idle timeout, and delayed
  // answers for their delay: close() destroys the sockets and cancels the delays instead.
  const sockets = new Set<Socket>();
  const closing = new AbortController();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const gone = new AbortController();
    res.on('close', () => {
      gone.abort();
    });
    const call = await readCall(req);
    requests.push({ method: call.method, path: call.path, headers: flatten(req.headers), body: call.body.json ? call.body.value : call.body.text });
    const reply = route(call, options.apiKey, context);
    await respond(res, reply, nextId('req_'), AbortSignal.any([gone.signal, closing.signal]));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake must fail the test that hit it, not hang it.
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(errorReply(500, `Fake OpenAI server failed: ${String(error)}`).body));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the OpenAI test server has no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    requests,
    enqueue: (...responses) => {
      script.push(...responses);
    },
    reset: () => {
      requests.length = 0;
      script.length = 0;
      counters.clear();
    },
    close: async () => {
      if (!server.listening) return;
      closing.abort();
      const closed = new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

async function readCall(req: IncomingMessage): Promise<IncomingCall> {
  const raw = await text(req);
  return {
    method: req.method ?? 'GET',
    path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
    authorization: req.headers.authorization,
    body: parseJson(raw),
  };
}

function parseJson(raw: string): IncomingCall['body'] {
  if (raw === '') return { json: true, value: undefined };
  try {
    const value: unknown = JSON.parse(raw);
    return { json: true, value };
  } catch {
    return { json: false, text: raw };
  }
}

function flatten(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}
