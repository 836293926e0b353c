import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdLease } from './lease.ts';
import type { Lease, LeaseHandle, LeaseOptions } from './lease.ts';

// Real Redis, one connection per simulated process, a fresh key prefix per test.
const REDIS = { host: '127.0.0.1', port: 6379 };
const LEASE_MODULE = fileURLToPath(new URL('./lease.ts', import.meta.url));

let prefix: string;
let clients: Redis[];
let handles: LeaseHandle[];
let admin: Redis;

beforeEach(() => {
  prefix = `lease-test-${randomUUID()}`;
  clients = [];
  handles = [];
  admin = connect();
});

afterEach(async () => {
  await Promise.all(handles.map((handle) => handle.stop()));
  const keys = await admin.keys(`${prefix}:*`);
  if (keys.length > 0) await admin.del(...keys);
  for (const client of clients) client.disconnect();
});

function connect(): Redis {
  // Fail fast instead of queueing commands for a dead connection; the lease retries on its own.
  const client = new Redis({ ...REDIS, maxRetriesPerRequest: 1 });
  clients.push(client);
  return client;
}

interface Run {
  holder: string;
  token: number;
  startedAt: number;
  abortedAt?: number;
  endedAt?: number;
}

/** One process's view: a lease on its own connection whose task records each run and waits for its signal. */
function start(holder: string, runs: Run[], options: LeaseOptions = {}, redis: Redis = connect()) {
  const lines: string[] = [];
  const handle = holdLease(redis, 'poller', async (lease: Lease) => {
    const run: Run = { holder, token: lease.token, startedAt: Date.now() };
    runs.push(run);
    await abortion(lease.signal);
    run.abortedAt = Date.now();
    run.endedAt = Date.now();
  }, { prefix, log: (line) => lines.push(line), ...options });
  handles.push(handle);
  return { handle, redis, lines };
}

function abortion(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => { resolve(); }, { once: true });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How many runs were in progress at once, at most. */
function maxOverlap(runs: Run[]): number {
  const edges = runs.flatMap((run) => [
    { at: run.startedAt, delta: 1 },
    { at: run.endedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let most = 0;
  for (const edge of edges) {
    current += edge.delta;
    most = Math.max(most, current);
  }
  return most;
}

function expectIncreasing(tokens: number[]): void {
  for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1] ?? Number.POSITIVE_INFINITY);
}

describe('holdLease', () => {
  it('runs the task in exactly one of two holders while the first holds', async () => {
    const runs: Run[] = [];
    const a = start('a', runs, { ttlMs: 1_000 });
    const b = start('b', runs, { ttlMs: 1_000 });
    await vi.waitFor(() => { expect(runs).toHaveLength(1); }, { timeout: 2_000 });
    // Several renewal periods and standby retries.
    await sleep(2_500);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.abortedAt).toBeUndefined();
    expect([a.handle.holding, b.handle.holding].filter(Boolean)).toHaveLength(1);
  }, 10_000);

  it('hands over at once when the holder stops', async () => {
    const runs: Run[] = [];
    const ttlMs = 3_000;
    const a = start('a', runs, { ttlMs });
    await vi.waitFor(() => { expect(runs).toHaveLength(1); }, { timeout: 2_000 });
    const b = start('b', runs, { ttlMs });
    await sleep(500);
    const first = runs[0];

    const stoppedAt = Date.now();
    await a.handle.stop();
    expect(a.handle.holding).toBe(false);
    await vi.waitFor(() => { expect(runs).toHaveLength(2); }, { timeout: ttlMs });
    const second = runs[1];
    const takeover = (second?.startedAt ?? Number.POSITIVE_INFINITY) - stoppedAt;
    console.log(`takeover after stop(): ${takeover} ms (ttl ${ttlMs} ms)`);
    expect(first?.abortedAt).toBeDefined();
    expect(second?.holder).toBe('b');
    expect(b.handle.holding).toBe(true);
    expect(takeover).toBeLessThan(ttlMs);
    expectIncreasing(runs.map((run) => run.token));
  }, 15_000);

  it('aborts a holder that lost Redis and lets the standby take over after about ttl', async () => {
    const runs: Run[] = [];
    const ttlMs = 3_000;
    const a = start('a', runs, { ttlMs });
    await vi.waitFor(() => { expect(runs).toHaveLength(1); }, { timeout: 2_000 });
    start('b', runs, { ttlMs });
    const dying = a;

    const diedAt = Date.now();
    dying.redis.disconnect();
    await vi.waitFor(() => { expect(runs).toHaveLength(2); }, { timeout: 3 * ttlMs });
    const [first, second] = runs;
    const aborted = (first?.abortedAt ?? Number.POSITIVE_INFINITY) - diedAt;
    const takeover = (second?.startedAt ?? Number.POSITIVE_INFINITY) - diedAt;
    console.log(`holder lost Redis: its task aborted after ${aborted} ms, standby took over after ${takeover} ms (ttl ${ttlMs} ms)`);
    expect(first?.holder).toBe('a');
    expect(second?.holder).toBe('b');
    expect(aborted).toBeLessThan(ttlMs);
    // The dead holder's key has to expire first: never a takeover before its task was told to stop.
    expect(second?.startedAt).toBeGreaterThanOrEqual(first?.abortedAt ?? Number.POSITIVE_INFINITY);
    expect(takeover).toBeLessThan(3 * ttlMs);
    expect(dying.handle.holding).toBe(false);
    expect(dying.lines.some((line) => line.includes('lost'))).toBe(true);
    expectIncreasing(runs.map((run) => run.token));
  }, 20_000);

  it('aborts a holder whose key was overwritten, and fencing tokens grow across holders', async () => {
    const runs: Run[] = [];
    const ttlMs = 1_500;
    const a = start('a', runs, { ttlMs });
    await vi.waitFor(() => { expect(runs).toHaveLength(1); }, { timeout: 2_000 });
    const b = start('b', runs, { ttlMs });

    // Someone else's value, as after a pause long enough for the key to expire and be taken.
    const overwrittenAt = Date.now();
    await admin.set(`${prefix}:lease:{poller}`, 'intruder', 'PX', ttlMs);
    await vi.waitFor(() => { expect(runs[0]?.abortedAt).toBeDefined(); }, { timeout: ttlMs });
    console.log(`holder with an overwritten key aborted after ${(runs[0]?.abortedAt ?? 0) - overwrittenAt} ms`);
    await vi.waitFor(() => { expect(runs).toHaveLength(2); }, { timeout: 3 * ttlMs });
    console.log(`taken over after ${(runs[1]?.startedAt ?? 0) - overwrittenAt} ms (the intruder's ttl ${ttlMs} ms)`);

    // Third holder: stop whoever holds now; the other one takes over with a larger token again.
    await (runs[1]?.holder === 'a' ? a : b).handle.stop();
    await vi.waitFor(() => { expect(runs).toHaveLength(3); }, { timeout: 3 * ttlMs });
    const tokens = runs.map((run) => run.token);
    console.log(`fencing tokens in order: ${tokens.join(', ')}`);
    expectIncreasing(tokens);
    expect(maxOverlap(runs)).toBe(1);
  }, 20_000);

  it('restarts a task that throws, with backoff, and one that returns', async () => {
    const tokens: number[] = [];
    const lines: string[] = [];
    const thrower = holdLease(connect(), 'thrower', async ({ token }) => {
      tokens.push(token);
      await Promise.resolve();
      throw new Error('poll failed');
    }, { prefix, ttlMs: 1_000, retryMs: 50, log: (line) => lines.push(line) });
    handles.push(thrower);
    await vi.waitFor(() => { expect(tokens.length).toBeGreaterThanOrEqual(3); }, { timeout: 3_000 });
    expectIncreasing(tokens);
    expect(lines.some((line) => line.includes('poll failed'))).toBe(true);
    expect(lines).toContain('lease thrower: restarting the task in 100 ms');

    let returns = 0;
    handles.push(holdLease(connect(), 'returner', async () => {
      returns++;
      await Promise.resolve();
    }, { prefix, ttlMs: 1_000, retryMs: 50, log: () => undefined }));
    await vi.waitFor(() => { expect(returns).toBeGreaterThanOrEqual(3); }, { timeout: 3_000 });
  }, 10_000);

  it('stops promptly while standing by, and the process then exits on its own', async () => {
    // Held by someone else for longer than the test, so the lease only ever stands by.
    await admin.set(`${prefix}:lease:{poller}`, 'other', 'PX', 30_000);
    const runs: Run[] = [];
    const standby = start('standby', runs, { ttlMs: 3_000 });
    await sleep(200);
    const stopping = Date.now();
    await standby.handle.stop();
    const took = Date.now() - stopping;
    console.log(`stop() while standing by took ${took} ms`);
    expect(took).toBeLessThan(1_000);
    expect(runs).toHaveLength(0);

    // A child process that does the same and then only closes its connection must exit by itself.
    const script = `import { Redis } from 'ioredis';
      import { holdLease } from ${JSON.stringify(LEASE_MODULE)};
      const redis = new Redis(${JSON.stringify(REDIS)});
      const lease = holdLease(redis, 'poller', async () => {}, { prefix: ${JSON.stringify(prefix)}, ttlMs: 3000, log: () => {} });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await lease.stop();
      await redis.quit();
      console.log('stopped');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(null); }, 8_000);
      child.once('exit', (exitCode) => { clearTimeout(timer); resolve(exitCode); });
    });
    expect(output).toContain('stopped');
    expect(code).toBe(0);
  }, 15_000);
});
