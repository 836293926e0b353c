import type { ScriptedFailure } from './types.ts';

/** A Bot API failure; the router answers it as `{ ok: false, error_code, description, parameters? }`. */
export class TelegramError extends Error {
  readonly status: number;
  readonly parameters: { retry_after?: number; migrate_to_chat_id?: number } | undefined;

  constructor(status: number, description: string, parameters?: { retry_after?: number }) {
    super(description);
    this.status = status;
    this.parameters = parameters;
  }

  body(): object {
    return { ok: false, error_code: this.status, description: this.message, ...(this.parameters ? { parameters: this.parameters } : {}) };
  }
}

export function badRequest(reason: string): TelegramError {
  return new TelegramError(400, `Bad Request: ${reason}`);
}

// Telegram's own wording for the statuses tests script.
const usual: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden: bot was blocked by the user',
  404: 'Not Found',
  409: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

export function scriptedError(failure: ScriptedFailure): TelegramError {
  if (failure.status === 429) {
    const retryAfter = failure.retryAfter ?? 1;
    return new TelegramError(429, failure.description ?? `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
  }
  return new TelegramError(failure.status, failure.description ?? usual[failure.status] ?? `Error ${failure.status}`);
}
