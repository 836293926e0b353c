import { setTimeout as sleep } from 'node:timers/promises';

/** The longest Retry-After waited for: a receiver asking for more is treated as down. */
export const MAX_RETRY_AFTER_MS = 60_000;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;

export interface CallbackPost {
  url: string;
  body: string;
  /** Headers for each try; called per try so a signature's timestamp stays fresh across retries. */
  headers(): Record<string, string>;
  maxAttempts: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The wait before try n+1 after a failure without Retry-After (n from 1); the default doubles from 500 ms. */
  backoffMs?: (attempt: number) => number;
}

export interface CallbackOutcome {
  attempts: number;
  status: number;
}

type Try = { ok: true; status: number } | { ok: false; retry: boolean; reason: string; waitMs?: number };

/** Half the doubled delay fixed, half random, so receivers coming back are not hit by every sender at once. */
function defaultBackoff(attempt: number): number {
  const ceiling = Math.min(FIRST_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function once(post: CallbackPost): Promise<Try> {
  const timeout = AbortSignal.timeout(post.timeoutMs);
  const signal = post.signal ? AbortSignal.any([post.signal, timeout]) : timeout;
  let response: Response;
  try {
    // Redirects are not followed: the signed body would go somewhere nobody configured.
    response = await fetch(post.url, { method: 'POST', body: post.body, headers: post.headers(), redirect: 'manual', signal });
  } catch (error) {
    post.signal?.throwIfAborted();
    const reason = timeout.aborted ? `no answer within ${post.timeoutMs} ms` : `cannot reach it (${networkReason(error)})`;
    return { ok: false, retry: true, reason };
  }
  // The answer's body is not needed; reading it frees the connection.
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return { ok: true, status: response.status };
  const reason = `it answered HTTP ${response.status}`;
  if (response.status === 429) {
    const waitMs = retryAfterMs(response.headers.get('retry-after'));
    return waitMs === undefined ? { ok: false, retry: true, reason } : { ok: false, retry: true, reason, waitMs };
  }
  return { ok: false, retry: response.status >= 500 || response.status === 408, reason };
}

/**
 * POSTs one reply to a callback URL: retried on network errors, time-outs, 408 and 5xx with a growing
 * wait, on 429 after the Retry-After the receiver asks for; at most `maxAttempts` tries. Throws with
 * the last reason when the reply could not be delivered.
 */
export async function postCallback(post: CallbackPost): Promise<CallbackOutcome> {
  const backoff = post.backoffMs ?? defaultBackoff;
  for (let attempt = 1; ; attempt++) {
    const result = await once(post);
    if (result.ok) return { attempts: attempt, status: result.status };
    const where = `the callback ${post.url}`;
    if (!result.retry) throw new Error(`${where} refused the reply: ${result.reason}`);
    if (attempt >= post.maxAttempts) throw new Error(`${where} failed ${attempt} ${attempt === 1 ? 'time' : 'times'}; last: ${result.reason}`);
    const waitMs = result.waitMs ?? backoff(attempt);
    if (waitMs > MAX_RETRY_AFTER_MS) throw new Error(`${where} asked to wait ${Math.round(waitMs / 1000)} s (${result.reason}), longer than the ${MAX_RETRY_AFTER_MS / 1000} s a reply waits`);
    await sleep(waitMs, undefined, post.signal ? { signal: post.signal } : undefined);
  }
}

/** fetch() hides the reason (ECONNREFUSED, ENOTFOUND …) in its error's cause. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') return cause.code;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
