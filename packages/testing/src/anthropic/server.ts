import { flattenHeaders, listenLocally } from '../local-http.ts';
import { readBody, recordedBody } from '../request-body.ts';
import { errorReply } from './errors.ts';
import type { MessagesContext } from './messages.ts';
import { respond } from '../reply.ts';
import { route } from './routes.ts';
import type { AnthropicServer, AnthropicServerOptions, RecordedRequest, ScriptedResponse } from './types.ts';

/** Starts an Anthropic Messages API server on 127.0.0.1; point `@anthropic-ai/sdk`'s baseURL at `url`. */
export async function startAnthropicServer(options: AnthropicServerOptions = {}): Promise<AnthropicServer> {
  const requests: RecordedRequest[] = [];
  const script: ScriptedResponse[] = [];
  const counters = new Map<string, number>();
  const nextId = (prefix: string): string => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}${n}`;
  };
  const context: MessagesContext = { models: options.models, nextScripted: () => script.shift() ?? (options.latencyMs ? { delayMs: options.latencyMs } : undefined), nextId };

  const server = await listenLocally(
    options.port ?? 0,
    async (req, res, signal) => {
      const call = { method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname, headers: req.headers, body: await readBody(req) };
      requests.push({ method: call.method, path: call.path, headers: flattenHeaders(req.headers), body: recordedBody(call.body) });
      await respond(res, route(call, options.apiKey, context), { header: 'request-id', value: nextId('req_') }, signal);
    },
    (error) => errorReply(500, 'api_error', `Fake Anthropic server failed: ${String(error)}`).body,
  );

  return {
    url: `http://127.0.0.1:${server.port}`,
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
