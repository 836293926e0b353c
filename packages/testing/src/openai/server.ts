import type { IncomingMessage } from 'node:http';
import { listenLocally, flattenHeaders } from '../local-http.ts';
import { readBody, recordedBody } from '../request-body.ts';
import type { ChatContext } from './chat.ts';
import { errorReply } from './errors.ts';
import { respond } from '../reply.ts';
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

  const server = await listenLocally(
    options.port ?? 0,
    async (req, res, signal) => {
      const call = await readCall(req);
      requests.push({ method: call.method, path: call.path, headers: flattenHeaders(req.headers), body: recordedBody(call.body) });
      await respond(res, await route(call, options.apiKey, context), { header: 'x-request-id', value: nextId('req_') }, signal);
    },
    (error) => errorReply(500, `Fake OpenAI server failed: ${String(error)}`).body,
  );

  return {
    url: `http://127.0.0.1:${server.port}/v1`,
    requests,
    enqueue: (...responses) => {
      script.push(...responses);
    },
    reset: () => {
      requests.length = 0;
      script.length = 0;
      counters.clear();
    },
    close: () => server.close(),
  };
}

async function readCall(req: IncomingMessage): Promise<IncomingCall> {
  return {
    method: req.method ?? 'GET',
    path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
    authorization: req.headers.authorization,
    body: await readBody(req),
  };
}
