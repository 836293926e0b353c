import { z } from 'zod';
import { abortReason } from './abort-reason.ts';
import type { ProviderConfig } from './types.ts';

/** An operator's limits for one provider; each one absent means unlimited. */
export const providerLimitsSchema = z.object({
  maxConcurrent: z.int().positive().optional(),
  requestsPerMinute: z.number().positive().optional(),
  tokensPerMinute: z.number().positive().optional(),
});
export type ProviderLimits = z.infer<typeof providerLimitsSchema>;

/** Ends a granted request; `actualTokens` (what the server billed) corrects the estimate. Idempotent. */
export type Release = (actualTokens?: number) => void;

const MINUTE_MS = 60_000;

/** A token bucket that refills continuously at `capacity` per minute. */
class Bucket {
  capacity: number;
  level: number;
  private updatedAt: number;

  constructor(capacity: number, now: number) {
    this.capacity = capacity;
    this.level = capacity;
    this.updatedAt = now;
  }

  refill(now: number): void {
    this.level = Math.min(this.capacity, this.level + ((now - this.updatedAt) * this.capacity) / MINUTE_MS);
    this.updatedAt = now;
  }

  /** An amount over the whole capacity waits for a full bucket, then goes alone (the level goes negative). */
  private need(amount: number): number {
    return Math.min(amount, this.capacity);
  }

  has(amount: number): boolean {
    return this.level >= this.need(amount);
  }

  msUntil(amount: number): number {
    return Math.max(0, ((this.need(amount) - this.level) * MINUTE_MS) / this.capacity);
  }
}

interface Waiter {
  tokens: number;
  grant: (release: Release) => void;
  signal: AbortSignal | undefined;
  cancel: () => void;
}

/**
 * Concurrency, requests per minute and tokens per minute for one provider in this process. Callers
 * are served strictly in arrival order: a big request at the head holds back small ones behind it,
 * so it cannot starve.
 */
export class ProviderLimiter {
  private limits: ProviderLimits = {};
  private requests: Bucket | undefined;
  private tokens: Bucket | undefined;
  private inFlight = 0;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;

  constructor(limits: ProviderLimits, options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
    this.configure(limits);
  }

  get config(): ProviderLimits {
    return { ...this.limits };
  }

  /** How many calls are running and how many wait. */
  get state(): { inFlight: number; waiting: number } {
    return { inFlight: this.inFlight, waiting: this.queue.length };
  }

  /** Replaces the limits, keeping what has been used so far (clamped to the new capacities). */
  configure(limits: ProviderLimits): void {
    const now = this.now();
    this.limits = providerLimitsSchema.parse(limits);
    this.requests = resize(this.requests, this.limits.requestsPerMinute, now);
    this.tokens = resize(this.tokens, this.limits.tokensPerMinute, now);
    this.pump();
  }

  /** Waits for a turn; rejects with the signal's reason if it aborts first. */
  acquire(estimatedTokens: number, signal?: AbortSignal): Promise<Release> {
    return new Promise<Release>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortReason(signal));
        return;
      }
      const waiter: Waiter = {
        tokens: Math.max(0, estimatedTokens),
        grant: resolve,
        signal,
        cancel: () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(abortReason(signal));
          // The head may have been the one holding everyone back.
          this.pump();
        },
      };
      signal?.addEventListener('abort', waiter.cancel, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now();
    this.requests?.refill(now);
    this.tokens?.refill(now);
    for (let head = this.queue[0]; head !== undefined; head = this.queue[0]) {
      if (this.limits.maxConcurrent !== undefined && this.inFlight >= this.limits.maxConcurrent) return; // a release pumps again
      const ready = (this.requests?.has(1) ?? true) && (this.tokens?.has(head.tokens) ?? true);
      if (!ready) {
        const waitMs = Math.max(this.requests?.msUntil(1) ?? 0, this.tokens?.msUntil(head.tokens) ?? 0);
        // At least 1 ms: floating point may leave the bucket a hair short after the computed wait.
        this.timer = setTimeout(() => {
          this.pump();
        }, Math.max(1, Math.ceil(waitMs)));
        return;
      }
      this.queue.shift();
      head.signal?.removeEventListener('abort', head.cancel);
      if (this.requests) this.requests.level -= 1;
      if (this.tokens) this.tokens.level -= head.tokens;
      this.inFlight += 1;
      head.grant(this.releaser(head.tokens));
    }
  }

  private releaser(estimated: number): Release {
    let released = false;
    return (actualTokens) => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      if (this.tokens && actualTokens !== undefined) {
        this.tokens.refill(this.now());
        this.tokens.level = Math.min(this.tokens.capacity, this.tokens.level + estimated - actualTokens);
      }
      this.pump();
    };
  }
}

function resize(bucket: Bucket | undefined, capacity: number | undefined, now: number): Bucket | undefined {
  if (capacity === undefined) return undefined;
  if (bucket === undefined) return new Bucket(capacity, now);
  bucket.refill(now);
  bucket.capacity = capacity;
  bucket.level = Math.min(bucket.level, capacity);
  return bucket;
}

const registry = new Map<string, ProviderLimiter>();

/** The registry key of a provider: the same id at another base URL is another server with other limits. */
export function limiterKey(config: Pick<ProviderConfig, 'id' | 'baseUrl'>): string {
  return `${config.id} ${config.baseUrl}`;
}

/**
 * The process-wide limiter for a provider, shared by every node that calls it. Different limits
 * from a later caller (an operator edited them) replace the old ones.
 */
export function limiterFor(key: string, limits: ProviderLimits): ProviderLimiter {
  const existing = registry.get(key);
  if (existing === undefined) {
    const limiter = new ProviderLimiter(limits);
    registry.set(key, limiter);
    return limiter;
  }
  if (!sameLimits(existing.config, limits)) existing.configure(limits);
  return existing;
}

function sameLimits(a: ProviderLimits, b: ProviderLimits): boolean {
  return a.maxConcurrent === b.maxConcurrent && a.requestsPerMinute === b.requestsPerMinute && a.tokensPerMinute === b.tokensPerMinute;
}
