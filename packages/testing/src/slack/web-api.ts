import { postEphemeral, postMessage, remove, update, type ApiContext } from './chat.ts';
import { authTest, conversationsHistory, conversationsInfo, conversationsReplies, reactionsAdd, usersInfo } from './conversations.ts';
import { completeUpload, filesInfo, getUploadUrl } from './files.ts';
import { fail, type ApiResult } from './posts.ts';
import type { ScriptedFailure } from './types.ts';

type Handler = (params: Record<string, unknown>, context: ApiContext) => ApiResult;

const botMethods: Partial<Record<string, Handler>> = {
  'auth.test': authTest,
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
  'chat.delete': remove,
  'conversations.info': conversationsInfo,
  'conversations.replies': conversationsReplies,
  'conversations.history': conversationsHistory,
  'users.info': usersInfo,
  'reactions.add': reactionsAdd,
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
  'files.info': filesInfo,
};

export interface WebApiConfig {
  botToken: string;
  appToken: string;
  /** apps.connections.open's answer: a fresh single-use WebSocket URL. */
  openConnection(): ApiResult;
}

export interface WebApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: ApiResult;
}

/** Scripted failures, consumed per method before the method runs. */
export function createFailureScript(): { add(method: string, failure: ScriptedFailure): void; take(method: string): WebApiAnswer | undefined } {
  const script = new Map<string, ScriptedFailure[]>();
  return {
    add: (method, failure) => {
      const queue = script.get(method) ?? [];
      for (let i = 0; i < (failure.times ?? 1); i++) queue.push(failure);
      script.set(method, queue);
    },
    take: (method): WebApiAnswer | undefined => {
      const failure = script.get(method)?.shift();
      if (failure === undefined) return undefined;
      const status = failure.status ?? 200;
      if (status === 429) {
        return { status, headers: { 'retry-after': String(failure.retryAfter ?? 1) }, body: fail(failure.error ?? 'ratelimited') };
      }
      return { status, headers: {}, body: fail(failure.error ?? 'internal_error') };
    },
  };
}

/** One Web API call: token check (bot token everywhere, the app-level token only to open sockets), then the method. */
export function callMethod(method: string, params: Record<string, unknown>, token: string | undefined, config: WebApiConfig, context: ApiContext): WebApiAnswer {
  const answer = (body: ApiResult): WebApiAnswer => ({ status: 200, headers: {}, body });
  if (token === undefined || token === '') return answer(fail('not_authed'));
  if (token !== config.botToken && token !== config.appToken) return answer(fail('invalid_auth'));
  if (method === 'apps.connections.open') {
    return answer(token === config.appToken ? config.openConnection() : fail('not_allowed_token_type'));
  }
  const handler = botMethods[method];
  if (handler === undefined) return { status: 404, headers: {}, body: fail('unknown_method') };
  if (token !== config.botToken) return answer(fail('not_allowed_token_type'));
  return answer(handler(params, context));
}
