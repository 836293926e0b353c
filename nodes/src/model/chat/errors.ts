import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from 'openai';
import { PermanentNodeError } from '@switchboard/flow-schema';

export interface Target {
  baseUrl: string;
  model: string;
  /** Whether the node has a credential, so a 401 can say which fix applies. */
  hasKey: boolean;
}

/**
 * Turns an SDK error into one an operator can act on: which server and model, what went wrong, and
 * what to change. Errors that are not the SDK's pass through unchanged.
 */
export function explainError(error: unknown, { baseUrl, model, hasKey }: Target): unknown {
  if (!(error instanceof APIError) || error instanceof APIUserAbortError) return error;
  const where = `${baseUrl} (model "${model}")`;
  const status = typeof error.status === 'number' ? error.status : undefined;
  const said = serverMessage(error);
  // 4xx other than 408 and 429 will fail the same way on every attempt: do not retry them.
  const permanent = status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
  const explain = (message: string): Error => (permanent ? new PermanentNodeError(message, { cause: error }) : new Error(message, { cause: error }));
  // Subclasses before their parents: a timeout is a connection error, every class here an APIError.
  if (error instanceof APIConnectionTimeoutError) return explain(`${where} did not answer in time: is the server overloaded, or the answer too long?`);
  if (error instanceof APIConnectionError) {
    const code = causeCode(error);
    return explain(`could not connect to ${baseUrl}${code ? ` (${code})` : ''}: is the server at ${baseUrl} running, and is the base URL right?`);
  }
  if (error instanceof AuthenticationError) {
    const fix = hasKey ? "check the API key of the node's credential" : 'this node has no credential: choose an "openai" credential with a valid API key';
    return explain(`${where} rejected the API key (401: ${said}): ${fix}`);
  }
  if (error instanceof PermissionDeniedError) return explain(`${where} refused access (403: ${said}): check that this API key may use this model`);
  if (error instanceof NotFoundError) {
    if (error.code === 'model_not_found') return explain(`${where}: unknown model (404: ${said}): check the model name, or pick one that ${baseUrl}/models lists`);
    return explain(`${where}: wrong base URL or unknown model (404: ${said}): check the base URL (most end in /v1) and the model name`);
  }
  if (error instanceof RateLimitError) return explain(`${where} is rate limiting or out of quota (429: ${said}): wait, or raise the account's limits`);
  if (error instanceof BadRequestError || error instanceof UnprocessableEntityError) {
    return explain(`${where} rejected the request (${String(status)}: ${said}): check the node's settings`);
  }
  if (status !== undefined && status >= 500) return explain(`${where} failed (${status}: ${said}): a problem on the server's side; try again later`);
  return explain(`${where} answered ${status ?? 'with an error'}: ${said}`);
}

/** The server's own words, without the status the SDK puts in front. */
function serverMessage(error: Error): string {
  return error.message.replace(/^\d{3} /, '');
}

/** The system error code (ECONNREFUSED, ENOTFOUND …) somewhere down the chain of causes. */
function causeCode(error: Error): string | undefined {
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 5 && typeof cause === 'object' && cause !== null; depth += 1) {
    if ('code' in cause && typeof cause.code === 'string') return cause.code;
    cause = 'cause' in cause ? cause.cause : undefined;
  }
  return undefined;
}
