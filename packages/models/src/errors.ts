import { retryAfterMs } from './retry-after.ts';
import { readSdkFailure } from './sdk-failure.ts';
import { ModelError, type ModelErrorKind, type ProviderConfig } from './types.ts';

export interface ErrorContext {
  provider: ProviderConfig;
  /** The model called; absent for calls about no model (listing them). */
  model?: string;
}

/**
 * Turns whatever a provider call threw into a ModelError an operator can act on: which server and
 * model, what went wrong, what to change, and whether trying again may help. The caller's own abort
 * is returned unchanged: it is not the model's failure, and nothing should retry it.
 */
export function explainError(error: unknown, { provider, model }: ErrorContext): Error {
  if (error instanceof ModelError) return error;
  const failure = readSdkFailure(error);
  const { baseUrl } = provider;
  const where = model === undefined ? baseUrl : `${baseUrl} (model "${model}")`;
  switch (failure.type) {
    case 'abort':
      return failure.error;
    case 'timeout': {
      const limit = provider.timeoutMs === undefined ? '' : ` within ${provider.timeoutMs} ms`;
      return new ModelError(`${where} did not answer in time${limit}: is the server overloaded, or the answer too long?`, { kind: 'timeout', retryable: true, cause: error });
    }
    case 'connection': {
      const code = failure.code === undefined ? '' : ` (${failure.code})`;
      const message = `could not connect to ${baseUrl}${code}: is the server at ${baseUrl} running, and is the base URL right?`;
      return new ModelError(message, { kind: 'connection', retryable: true, cause: error });
    }
    case 'status': {
      const { status, said } = failure;
      const details = { kind: statusKind(status), retryable: isRetryableStatus(status), status, retryAfterMs: retryAfterMs(failure.headers), cause: error };
      return new ModelError(statusMessage({ provider, model, where, status, said, code: failure.code }), details);
    }
    case 'midstream': {
      const kind = midstreamKind(failure.errorType);
      const hint = kind === 'other' ? '' : ": a problem on the server's side; try again later";
      return new ModelError(`${where} failed while answering (${failure.errorType ?? 'error'}: ${failure.said})${hint}`, { kind, retryable: kind !== 'other', cause: error });
    }
    case 'unknown':
      return new ModelError(`${where} failed: ${failure.said}`, { kind: 'other', retryable: false, cause: error });
  }
}

interface StatusFacts {
  provider: ProviderConfig;
  model: string | undefined;
  where: string;
  status: number;
  said: string;
  code: string | undefined;
}

function statusMessage({ provider, model, where, status, said, code }: StatusFacts): string {
  const { baseUrl, kind } = provider;
  const answered = `(${status}: ${said})`;
  if (status === 401) return `${where} rejected the API key ${answered}: ${keyFix(provider)}`;
  if (status === 403) return `${where} refused access ${answered}: check that this API key may use this model`;
  if (status === 404) {
    // OpenAI says model_not_found; Anthropic answers "model: <name>" as a plain not_found_error.
    const unknownModel = code === 'model_not_found' || (model !== undefined && model !== '' && said.includes(model));
    const modelsUrl = kind === 'anthropic' ? `${baseUrl}/v1/models` : `${baseUrl}/models`;
    if (unknownModel) return `${where}: unknown model ${answered}: check the model name, or pick one that ${modelsUrl} lists`;
    const urlHint = kind === 'anthropic' ? 'Anthropic-style ones do not end in /v1' : 'most end in /v1';
    return `${where}: wrong base URL or unknown model ${answered}: check the base URL (${urlHint}) and the model name`;
  }
  if (status === 429) return `${where} is rate limiting or out of quota ${answered}: wait, or raise the account's limits`;
  if (status === 400 || status === 422) return `${where} rejected the request ${answered}: check the node's settings`;
  if (status === 529) return `${where} is overloaded ${answered}: try again later, or choose a fallback model`;
  if (status >= 500) return `${where} failed ${answered}: a problem on the server's side; try again later`;
  return `${where} answered ${status}: ${said}`;
}

/** What to do about a rejected key: OpenAI's wording is the one the chat node's users already know. */
function keyFix(provider: ProviderConfig): string {
  if (provider.apiKey !== undefined && provider.apiKey !== '') return "check the API key of the node's credential";
  switch (provider.kind) {
    case 'openai':
      return 'this node has no credential: choose an "openai" credential with a valid API key';
    case 'anthropic':
      return "this node has no credential: choose a credential with the provider's API key";
  }
}

function statusKind(status: number): ModelErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status === 400 || status === 422) return 'bad_request';
  if (status >= 500) return 'server';
  return 'other';
}

/** The error types both APIs send inside a stream for what would otherwise be a 429 or a 5xx. */
function midstreamKind(errorType: string | undefined): ModelErrorKind {
  switch (errorType) {
    case 'overloaded_error':
    case 'api_error':
    case 'server_error':
      return 'server';
    case 'rate_limit_error':
      return 'rate_limit';
    case undefined:
    default:
      return 'other';
  }
}

/** Other 4xx fail the same way on every attempt; timeouts, conflicts, limits and 5xx may not. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
