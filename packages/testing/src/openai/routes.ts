import { checkAuth } from './auth.ts';
import { handleChat, type ChatContext } from './chat.ts';
import { handleEmbeddings } from './embeddings.ts';
import { errorReply } from './errors.ts';
import { listModels, retrieveModel } from './models.ts';
import type { Reply } from './reply.ts';

export interface IncomingCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: { json: true; value: unknown } | { json: false; text: string };
}

export function route(call: IncomingCall, apiKey: string | undefined, context: ChatContext): Reply {
  const denied = checkAuth(call.authorization, apiKey);
  if (denied !== undefined) return denied;

  const modelId = /^\/v1\/models\/([^/]+)$/.exec(call.path)?.[1];
  if (call.method === 'GET' && call.path === '/v1/models') return listModels(context.models);
  if (call.method === 'GET' && modelId !== undefined) return retrieveModel(decodeURIComponent(modelId), context.models);

  const handler = call.method === 'POST' ? postHandlers[call.path] : undefined;
  if (handler === undefined) return errorReply(404, `Invalid URL (${call.method} ${call.path})`, { code: null });
  if (!call.body.json) {
    const message = "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.";
    return errorReply(400, message, { code: null });
  }
  return handler(call.body.value, context);
}

const postHandlers: Partial<Record<string, (body: unknown, context: ChatContext) => Reply>> = {
  '/v1/chat/completions': handleChat,
  '/v1/embeddings': (body, context) => handleEmbeddings(body, context.models),
};
