import { setTimeout as sleep } from 'node:timers/promises';
import { GrammyError, HttpError } from 'grammy';

/** Longest single wait for a 429's retry_after before the send is given up (and retried later by the runtime). */
const MAX_RETRY_AFTER_MS = 60_000;

/** Runs a Bot API call, waiting out 429s for the `retry_after` Telegram asks for. */
export async function withRetryAfter<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const waitSeconds = error instanceof GrammyError && error.error_code === 429 ? error.parameters.retry_after : undefined;
      if (waitSeconds === undefined || waitSeconds * 1000 > MAX_RETRY_AFTER_MS) throw error;
      await sleep(waitSeconds * 1000, undefined, signal ? { signal } : undefined);
    }
  }
}

/** What went wrong, in words for the channel's status line. */
export function describe(error: unknown): string {
  if (error instanceof GrammyError) return `Telegram answered ${error.error_code}: ${error.description}`;
  if (error instanceof HttpError) return `cannot reach Telegram: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
