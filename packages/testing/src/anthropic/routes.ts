import type { IncomingHttpHeaders } from 'node:http';
import type { RequestBody } from '../request-body.ts';
import { checkAuth } from './auth.ts';
import { errorReply, invalidRequest } from './errors.ts';
import { handleMessages, type MessagesContext } from './messages.ts';
import { listModels, retrieveModel } from './models.ts';
import type { Reply } from '../reply.ts';

export interface IncomingCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: RequestBody;
}

export function route(call: IncomingCall, apiKey: string | undefined, context: MessagesContext): Reply {
  const denied = checkAuth(call.headers, apiKey);
  if (denied !== undefined) return denied;

  const modelId = /^\/v1\/models\/([^/]+)$/.exec(call.path)?.[1];
  if (call.method === 'GET' && call.path === '/v1/models') return listModels(context.models);
  if (call.method === 'GET' && modelId !== undefined) return retrieveModel(decodeURIComponent(modelId), context.models);
  if (call.method !== 'POST' || call.path !== '/v1/messages') return errorReply(404, 'not_found_error', 'Not Found');
  if (call.body.kind !== 'json') return invalidRequest('There was an error parsing the body of your request: it is not valid JSON.');
  return handleMessages(call.body.value, context);
}
