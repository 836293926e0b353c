import { abortReason } from './abort-reason.ts';
import { ModelError } from './types.ts';

export interface RetryOptions {
  /** Further attempts after the first one. */
  retries: number;
  /** The first backoff; each later one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  /** The longest wait, backoff or Retry-After; a server asking for longer ends the retries. */
  maxDelayMs: number;
  signal?: AbortSignal;
  /** Narrows what is retried further; only retryable ModelErrors ever reach it. */
  shouldRetry?: (error: ModelError) => boolean;
  onRetry?: (info: RetryInfo) => void;
  /** For tests of the jitter: a number in [0, 1). */
  random?: () => number;
}

export interface RetryInfo {
  /** The attempt that failed, from 1. */
  attempt: number;
  error: ModelError;
  delayMs: number;
}

/**
 * Runs `call` until it succeeds or fails for good. Only a ModelError marked retryable is tried
 * again; anything else (including the caller's abort) is thrown at once. The server's Retry-After
 * is honoured as given; a longer one than maxDelayMs ends the retries with that error, since the
 * caller would rather fall back than wait minutes.
 */
export async function withRetries<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { retries, signal, shouldRetry, onRetry } = options;
  for (let attempt = 1; ; attempt += 1) {
    signal?.throwIfAborted();
    try {
      return await call(attempt);
    } catch (error) {
      if (!(error instanceof ModelError) || !error.retryable || attempt > retries) throw error;
      if (signal?.aborted === true) throw error;
      if (shouldRetry && !shouldRetry(error)) throw error;
      const delayMs = retryDelay(attempt, error, options);
      if (delayMs === undefined) throw error;
      onRetry?.({ attempt, error, delayMs });
      await sleep(delayMs, signal);
    }
  }
}

/** How long to wait after a failed attempt, or undefined when the server asks for too long. */
export function retryDelay(attempt: number, error: ModelError, { baseDelayMs, maxDelayMs, random = Math.random }: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number | undefined {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs <= maxDelayMs ? error.retryAfterMs : undefined;
  return backoffDelay(attempt, { baseDelayMs, maxDelayMs, random });
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so callers that
 * failed together spread out yet none retries almost at once.
 */
export function backoffDelay(attempt: number, { baseDelayMs, maxDelayMs, random = Math.random }: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

/** Waits, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
