import type { RequestBody } from '../request-body.ts';
import { checkAuth } from './auth.ts';
import { handleChat, type ChatContext } from './chat.ts';
import { handleEmbeddings } from './embeddings.ts';
import { errorReply } from './errors.ts';
import { listModels, retrieveModel } from './models.ts';
import type { Reply } from '../reply.ts';
import { handleSpeech } from './speech.ts';
import { handleTranscription } from './transcription.ts';

export interface IncomingCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: RequestBody;
}

export async function route(call: IncomingCall, apiKey: string | undefined, context: ChatContext): Promise<Reply> {
  const denied = checkAuth(call.authorization, apiKey);
  if (denied !== undefined) return denied;

  const modelId = /^\/v1\/models\/([^/]+)$/.exec(call.path)?.[1];
  if (call.method === 'GET' && call.path === '/v1/models') return listModels(context.models);
  if (call.method === 'GET' && modelId !== undefined) return retrieveModel(decodeURIComponent(modelId), context.models);

  const jsonHandler = call.method === 'POST' ? jsonHandlers[call.path] : undefined;
  const formHandler = call.method === 'POST' ? formHandlers[call.path] : undefined;
  if (formHandler !== undefined) {
    if (call.body.kind === 'form') return formHandler(call.body, context);
    return errorReply(400, 'This endpoint expects a multipart/form-data body.', { code: null });
  }
  if (jsonHandler === undefined) return errorReply(404, `Invalid URL (${call.method} ${call.path})`, { code: null });
  if (call.body.kind !== 'json') {
    const message = "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.";
    return errorReply(400, message, { code: null });
  }
  return jsonHandler(call.body.value, context);
}

const jsonHandlers: Partial<Record<string, (body: unknown, context: ChatContext) => Reply>> = {
  '/v1/chat/completions': handleChat,
  '/v1/embeddings': (body, context) => handleEmbeddings(body, context.models),
  '/v1/audio/speech': handleSpeech,
};

const formHandlers: Partial<Record<string, (form: Extract<RequestBody, { kind: 'form' }>, context: ChatContext) => Promise<Reply>>> = {
  '/v1/audio/transcriptions': handleTranscription,
};
