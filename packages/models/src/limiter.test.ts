import { describe, expect, it } from 'vitest';
import { ProviderLimiter, limiterFor, limiterKey, type Release } from './limiter.ts';

/** Whether a promise has settled, checked after pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  return done;
}

describe('ProviderLimiter', () => {
  it('lets through everything when it has no limits', async () => {
    const limiter = new ProviderLimiter({});
    const releases = await Promise.all(Array.from({ length: 50 }, () => limiter.acquire(1_000_000)));
    expect(limiter.state).toEqual({ inFlight: 50, waiting: 0 });
    for (const release of releases) release(10);
    expect(limiter.state.inFlight).toBe(0);
  });

  it('holds calls over maxConcurrent until one ends', async () => {
    const limiter = new ProviderLimiter({ maxConcurrent: 2 });
    const first = await limiter.acquire(1);
    await limiter.acquire(1);
    const third = limiter.acquire(1);
    expect(await settled(third)).toBe(false);
    expect(limiter.state).toEqual({ inFlight: 2, waiting: 1 });
    first();
    first(); // a second release changes nothing
    expect(await settled(third)).toBe(true);
    expect(limiter.state).toEqual({ inFlight: 2, waiting: 0 });
  });

  it('serves waiting callers in arrival order', async () => {
    const limiter = new ProviderLimiter({ maxConcurrent: 1 });
    const order: string[] = [];
    let release: Release = await limiter.acquire(1);
    const waiting = ['a', 'b', 'c'].map(async (name) => {
      const done = await limiter.acquire(1);
      order.push(name);
      return done;
    });
    for (const next of waiting) {
      release();
      release = await next;
    }
    release();
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('spreads requests over the minute once the RPM burst is spent', async () => {
    // 120 a minute: the bucket holds 120 and refills one every 500 ms.
    const limiter = new ProviderLimiter({ requestsPerMinute: 120 });
    for (let i = 0; i < 120; i += 1) (await limiter.acquire(0))();
    const started = performance.now();
    const next = limiter.acquire(0);
    expect(await settled(next)).toBe(false);
    (await next)();
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('counts tokens, and gives back what the estimate overstated', async () => {
    const limiter = new ProviderLimiter({ tokensPerMinute: 6000 });
    const release = await limiter.acquire(6000);
    const small = limiter.acquire(4000);
    expect(await settled(small)).toBe(false);
    release(1000); // 5000 of the 6000 come back at once
    expect(await settled(small)).toBe(true);
  });

  it('charges what the server billed beyond the estimate', async () => {
    const limiter = new ProviderLimiter({ tokensPerMinute: 6000 });
    (await limiter.acquire(1000))(6000);
    expect(await settled(limiter.acquire(1000))).toBe(false);
  });

  it('lets a request bigger than the whole TPM go alone instead of deadlocking', async () => {
    const limiter = new ProviderLimiter({ tokensPerMinute: 600 });
    const huge = limiter.acquire(5000);
    expect(await settled(huge)).toBe(true);
    (await huge)();
    // It went through on a full bucket and left a debt behind it.
    expect(await settled(limiter.acquire(1))).toBe(false);
  });

  it('drops a waiter whose signal aborts, and moves on to the next', async () => {
    const limiter = new ProviderLimiter({ maxConcurrent: 1 });
    const release = await limiter.acquire(1);
    const controller = new AbortController();
    const reason = new Error('user left');
    const aborted = limiter.acquire(1, controller.signal);
    const next = limiter.acquire(1);
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    release();
    expect(await settled(next)).toBe(true);
    await expect(limiter.acquire(1, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('rejects nonsense limits', () => {
    expect(() => new ProviderLimiter({ maxConcurrent: 0 })).toThrow();
    expect(() => new ProviderLimiter({ tokensPerMinute: -5 })).toThrow();
  });
});

describe('limiterFor', () => {
  it('shares one limiter per provider key, and applies changed limits to it', async () => {
    const key = limiterKey({ id: 'openai', baseUrl: 'http://limiter-test.invalid/v1' });
    const limiter = limiterFor(key, { maxConcurrent: 1 });
    expect(limiterFor(key, { maxConcurrent: 1 })).toBe(limiter);
    expect(limiterFor(limiterKey({ id: 'openai', baseUrl: 'http://other.invalid/v1' }), { maxConcurrent: 1 })).not.toBe(limiter);
    await limiter.acquire(1);
    const second = limiter.acquire(1);
    expect(await settled(second)).toBe(false);
    expect(limiterFor(key, { maxConcurrent: 2 })).toBe(limiter);
    expect(await settled(second)).toBe(true);
    expect(limiter.config).toEqual({ maxConcurrent: 2 });
  });
});
