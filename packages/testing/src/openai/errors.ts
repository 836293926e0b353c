import type { JsonReply } from '../reply.ts';

interface ErrorFields {
  type: string;
  code: string | null;
  param?: string | null;
}

// What OpenAI itself answers for the statuses tests script most often, so client code sees real shapes.
const known: Record<number, { message: string } & ErrorFields> = {
  401: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { message: 'You are not allowed to access this resource.', type: 'invalid_request_error', code: null },
  429: { message: 'Rate limit reached for requests.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
};

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export function errorReply(status: number, message: string, fields?: Partial<ErrorFields>): JsonReply {
  const type = fields?.type ?? known[status]?.type ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
  const code = fields?.code === undefined ? (known[status]?.code ?? null) : fields.code;
  return { kind: 'json', status, body: { error: { message, type, param: fields?.param ?? null, code } } };
}

/** The error for a scripted status, with OpenAI's usual message unless the script gives one. */
export function scriptedErrorReply(status: number, message: string | undefined): JsonReply {
  return errorReply(status, message ?? known[status]?.message ?? `Scripted error ${status}.`);
}

export function modelNotFound(model: string): JsonReply {
  return errorReply(404, `The model '${model}' does not exist or you do not have access to it.`, { code: 'model_not_found' });
}
