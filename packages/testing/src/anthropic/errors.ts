import type { JsonReply } from '../reply.ts';

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

// The type and wording Anthropic uses for each status, so scripted failures look like real ones.
const byStatus: Partial<Record<number, { type: ErrorType; message: string }>> = {
  400: { type: 'invalid_request_error', message: 'Invalid request.' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  404: { type: 'not_found_error', message: 'Not found.' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: { type: 'rate_limit_error', message: 'This request would exceed the rate limit for your organization.' },
  500: { type: 'api_error', message: 'Internal server error' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

/** Anthropic's error body: `{ type: 'error', error: { type, message } }`. */
export function errorReply(status: number, type: ErrorType, message: string): JsonReply {
  return { kind: 'json', status, body: { type: 'error', error: { type, message } } };
}

export function invalidRequest(message: string): JsonReply {
  return errorReply(400, 'invalid_request_error', message);
}

/** The error for a scripted status, with Anthropic's usual message unless the script gives one. */
export function scriptedErrorReply(status: number, message: string | undefined): JsonReply {
  const known = byStatus[status];
  const type = known?.type ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return errorReply(status, type, message ?? known?.message ?? `Scripted error ${status}.`);
}

export function modelNotFound(model: string): JsonReply {
  return errorReply(404, 'not_found_error', `model: ${model}`);
}
