import { abortReason } from './abort-reason.ts';
import type { ProviderLimiter } from './limiter.ts';
import { withRetries } from './retry.ts';
import { estimateMessages } from './tokens.ts';
import { ModelError, type ChatProvider, type ChatRequest, type ChatResult } from './types.ts';

export interface FallbackTarget {
  provider: ChatProvider;
  model: string;
  /** The provider's shared limiter (limiterFor); each attempt waits its turn there. */
  limiter?: ProviderLimiter;
}

export interface FallbackOptions {
  /** Further attempts on the same target after a retryable failure. */
  retries: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** The limit for one attempt, streaming included (waiting for the limiter is not counted). */
  timeoutMs: number;
  onToken?: (text: string) => void;
  /** Told after every attempt, successful or not. */
  onAttempt?: (info: AttemptInfo) => void;
}

export interface AttemptInfo {
  targetIndex: number;
  /** From 1, within this target. */
  attempt: number;
  providerId: string;
  model: string;
  durationMs: number;
  error?: ModelError;
  /**
   * This attempt failed after some of its text already reached onToken. The next attempt (a retry
   * or the next target) streams its answer from the start, so the caller must throw away the
   * draft it has shown so far; nothing here can take back tokens already delivered.
   */
  discardDraft: boolean;
}

/** One target's part in the call, retries included. */
export interface TargetAttempt {
  providerId: string;
  model: string;
  /** How many requests were made to it. */
  tries: number;
  durationMs: number;
  error?: ModelError;
}

export interface FallbackResult {
  result: ChatResult;
  /** The target that answered. */
  targetIndex: number;
  attempts: TargetAttempt[];
}

/** Every target failed: the last one's error, with a message that lists what each one said. */
export class AllTargetsFailedError extends ModelError {
  readonly attempts: TargetAttempt[];

  constructor(last: ModelError, attempts: TargetAttempt[]) {
    const lines = attempts.map(({ providerId, model, error }) => `${providerId} ${model}: ${error?.message ?? 'failed'}`);
    const message = attempts.length > 1 ? `all ${attempts.length} models failed: ${lines.join(' ; ')}` : lines.join('');
    super(message, { kind: last.kind, retryable: last.retryable, status: last.status, retryAfterMs: last.retryAfterMs, cause: last });
    this.attempts = attempts;
  }
}

const DEFAULT_BASE_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 20_000;

/**
 * Asks each target in turn until one answers. A target is retried (retry.ts) on retryable errors;
 * once its retries are spent, or it times out, or it fails in a way retrying cannot fix (a bad
 * key, an unknown model), the next target is tried: a misconfigured primary must not take the bot
 * down. Timeouts are not retried on the same target; the user is already waiting. The caller's
 * own abort ends everything at once.
 */
export async function callWithFallback(targets: readonly FallbackTarget[], request: Omit<ChatRequest, 'model'>, options: FallbackOptions): Promise<FallbackResult> {
  if (targets.length === 0) throw new Error('callWithFallback needs at least one target');
  const attempts: TargetAttempt[] = [];
  let lastError: ModelError | undefined;
  for (const [targetIndex, target] of targets.entries()) {
    const started = performance.now();
    let tries = 0;
    try {
      const result = await withRetries(
        (attempt) => {
          tries = attempt;
          return attemptOnce(target, targetIndex, attempt, request, options);
        },
        {
          retries: options.retries,
          baseDelayMs: options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
          maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
          signal: options.signal,
          shouldRetry: (error) => error.kind !== 'timeout',
        },
      );
      attempts.push({ providerId: target.provider.config.id, model: target.model, tries, durationMs: performance.now() - started });
      return { result, targetIndex, attempts };
    } catch (error) {
      if (!(error instanceof ModelError)) throw error; // the caller's abort, or a bug: not the model's failure
      attempts.push({ providerId: target.provider.config.id, model: target.model, tries, durationMs: performance.now() - started, error });
      lastError = error;
    }
  }
  // Unreachable without an error: the loop returns on the first success.
  throw new AllTargetsFailedError(lastError ?? new ModelError('no target answered', { kind: 'other', retryable: false }), attempts);
}

async function attemptOnce(target: FallbackTarget, targetIndex: number, attempt: number, request: Omit<ChatRequest, 'model'>, options: FallbackOptions): Promise<ChatResult> {
  const { provider, model, limiter } = target;
  const { signal, timeoutMs, onToken, onAttempt } = options;
  // Providers count the answer's room (max tokens) against the limit as well as the prompt.
  const release = await limiter?.acquire(estimateMessages(request.messages) + (request.maxTokens ?? 0), signal);
  const timeout = AbortSignal.timeout(timeoutMs);
  const attemptSignal = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  let streamed = false;
  const forward =
    onToken === undefined
      ? undefined
      : (text: string): void => {
          streamed = true;
          onToken(text);
        };
  const started = performance.now();
  const report = (error?: ModelError): void => {
    onAttempt?.({ targetIndex, attempt, providerId: provider.config.id, model, durationMs: performance.now() - started, error, discardDraft: error !== undefined && streamed });
  };
  try {
    const result = await provider.chat({ ...request, model }, { signal: attemptSignal, onToken: forward });
    // The OpenAI SDK ends a stream quietly when its signal aborts: a partial answer is no answer.
    if (attemptSignal.aborted) throw attemptSignal.reason;
    release?.(result.usage.inputTokens + result.usage.outputTokens);
    report();
    return result;
  } catch (caught) {
    // The estimate stays charged: the server may have done (and billed) part of the work.
    release?.();
    if (signal?.aborted === true) throw abortReason(signal);
    const error = asModelError(caught, target, timeout.aborted ? timeoutMs : undefined);
    report(error);
    throw error;
  }
}

function asModelError(caught: unknown, { provider, model }: FallbackTarget, timedOutAfterMs: number | undefined): ModelError {
  if (caught instanceof ModelError) return caught;
  const { id, baseUrl } = provider.config;
  if (timedOutAfterMs !== undefined) {
    const message = `${id} at ${baseUrl} (model "${model}") did not answer within ${timedOutAfterMs} ms: is it overloaded, or is the timeout too short?`;
    return new ModelError(message, { kind: 'timeout', retryable: true, cause: caught });
  }
  const said = caught instanceof Error ? caught.message : String(caught);
  return new ModelError(`${id} at ${baseUrl} (model "${model}") failed: ${said}`, { kind: 'other', retryable: false, cause: caught });
}
