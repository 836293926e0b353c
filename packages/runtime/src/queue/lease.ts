import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LeaseOptions {
  /** How long the lease outlives its holder's last renewal. Default 15 s. */
  ttlMs?: number;
  /** How often a standby tries to acquire. Default ttlMs / 3. */
  retryMs?: number;
  /** Key prefix. Default 'switchboard'. */
  prefix?: string;
  log?: (line: string) => void;
}

export interface Lease {
  /** Aborted as soon as the lease is lost, or on stop(). */
  readonly signal: AbortSignal;
  /** Grows with every new holder: writes that must reject a stale holder compare it. */
  readonly token: number;
}

export interface LeaseHandle {
  /** Aborts the task, waits for it to settle, releases the lease and clears every timer. */
  stop(): Promise<void>;
  readonly holding: boolean;
}

/** Backoff cap for a task that keeps throwing; a run this long also resets the backoff. */
const MAX_BACKOFF_MS = 30_000;

// SET NX and the fencing INCR in one script, so that no holder ever exists without its token.
const ACQUIRE = `if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return redis.call('INCR', KEYS[2]) end
return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type Ending = 'returned' | 'threw' | 'lost' | 'stopped';

/**
 * Keeps `task` running on exactly one process of the cluster. Every process calls this for the same name;
 * one acquires the lease and runs the task, the others stand by and take over within about ttlMs when the
 * holder dies or loses Redis. The task gets an AbortSignal (aborted as soon as the lease is lost or on stop)
 * and a fencing token (a number that grows with every new holder, for writes that must reject a stale holder).
 */
export function holdLease(redis: Redis, name: string, task: (lease: Lease) => Promise<void>, options: LeaseOptions = {}): LeaseHandle {
  const ttlMs = options.ttlMs ?? 15_000;
  const renewMs = Math.max(1, Math.floor(ttlMs / 3));
  const retryMs = options.retryMs ?? renewMs;
  // The braces are a Redis Cluster hash tag: the lease and its fence live in one slot, as the script needs.
  const key = `${options.prefix ?? 'switchboard'}:lease:{${name}}`;
  const fenceKey = `${key}:fence`;
  const log = options.log ?? ((line: string) => { console.warn(line); });
  const say = (line: string) => { log(`lease ${name}: ${line}`); };
  const stopping = new AbortController();
  let holding = false;
  // An outage fails every attempt the same way: say it once, not every retryMs.
  let lastProblem = '';

  /** The fencing token, or undefined when someone else holds the lease or Redis did not answer. */
  async function acquire(owner: string): Promise<number | undefined> {
    const call = redis.eval(ACQUIRE, 2, key, fenceKey, owner, ttlMs).then(integerReply);
    try {
      const token = await bounded(call, ttlMs, 'acquire', stopping.signal);
      lastProblem = '';
      return token > 0 ? token : undefined;
    } catch (error) {
      // A reply that arrives after we gave up may still have taken the lease: hand it back.
      void call.then((token) => (token > 0 ? release(owner) : undefined), () => undefined);
      const problem = describe(error);
      if (!stopping.signal.aborted && problem !== lastProblem) say(`cannot reach Redis, retrying every ${retryMs} ms: ${problem}`);
      lastProblem = problem;
      return undefined;
    }
  }

  async function release(owner: string): Promise<void> {
    try {
      await bounded(redis.eval(RELEASE, 1, key, owner), renewMs, 'release');
    } catch (error) {
      say(`could not release, it expires within ${ttlMs} ms: ${describe(error)}`);
    }
  }

  /** Runs the task while renewing the lease; returns once the task has settled and the lease is released. */
  async function runHolding(owner: string, token: number): Promise<Ending> {
    const lease = new AbortController();
    // Properties, not locals: the renewal callbacks change them while the task is awaited.
    const state = { lost: false, renewing: true };
    let renewTimer: NodeJS.Timeout | undefined;
    let inFlight: Promise<void> | undefined;

    const lose = (why: string) => {
      if (state.lost) return;
      state.lost = true;
      holding = false;
      say(`lost (${why}), stopping the task`);
      lease.abort(new Error(`lease ${name} lost: ${why}`));
    };
    const renew = async () => {
      try {
        const reply = await bounded(redis.eval(RENEW, 1, key, owner, ttlMs).then(integerReply), renewMs, 'renewal');
        if (!state.renewing) return;
        if (reply === 1) schedule();
        else lose('another process holds it');
      } catch (error) {
        if (state.renewing) lose(`renewal failed: ${describe(error)}`);
      }
    };
    const schedule = () => {
      renewTimer = setTimeout(() => { inFlight = renew(); }, renewMs);
    };
    // stop() aborts the task but keeps renewing until it has settled, so nobody else starts it meanwhile.
    const onStop = () => { lease.abort(stopping.signal.reason); };
    stopping.signal.addEventListener('abort', onStop, { once: true });

    holding = true;
    say(`acquired, fencing token ${token}`);
    schedule();
    let ending: Ending = 'returned';
    try {
      await task({ signal: lease.signal, token });
    } catch (error) {
      ending = 'threw';
      if (!lease.signal.aborted) say(`task threw: ${describe(error)}`);
    }
    state.renewing = false;
    clearTimeout(renewTimer);
    await inFlight;
    stopping.signal.removeEventListener('abort', onStop);
    holding = false;
    if (!lease.signal.aborted) lease.abort(new Error(`lease ${name} released`));
    if (stopping.signal.aborted) ending = 'stopped';
    else if (state.lost) ending = 'lost';
    else if (ending === 'returned') say('task returned, restarting it');
    // Released even when lost: a failed renewal does not mean someone else has it.
    await release(owner);
    return ending;
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopping.signal.aborted) {
      const owner = randomUUID();
      const token = await acquire(owner);
      if (token === undefined) {
        await pause(retryMs, stopping.signal);
        continue;
      }
      const started = Date.now();
      const ending = await runHolding(owner, token);
      switch (ending) {
        case 'stopped':
        case 'lost':
          break;
        case 'returned':
          failures = 0;
          await pause(retryMs, stopping.signal);
          break;
        case 'threw': {
          failures = Date.now() - started >= MAX_BACKOFF_MS ? 1 : failures + 1;
          const backoff = Math.min(retryMs * 2 ** (failures - 1), Math.max(retryMs, MAX_BACKOFF_MS));
          say(`restarting the task in ${backoff} ms`);
          await pause(backoff, stopping.signal);
          break;
        }
      }
    }
  }

  const running = run().catch((error: unknown) => { say(`stopped by an unexpected error: ${describe(error)}`); });
  return {
    async stop() {
      stopping.abort(new Error(`lease ${name} stopped`));
      await running;
    },
    get holding() {
      return holding;
    },
  };
}

function integerReply(reply: unknown): number {
  if (typeof reply !== 'number') throw new Error(`unexpected reply from Redis: ${String(reply)}`);
  return reply;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The call's result, or a rejection once `ms` have passed or `signal` aborts; clears its timer either way. */
function bounded<T>(call: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const settle = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      settle();
      reject(new Error(`${what} abandoned: stopping`));
    };
    const timer = setTimeout(() => {
      settle();
      reject(new Error(`${what} timed out after ${ms} ms`));
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    call.then(
      (value) => { settle(); resolve(value); },
      (error: unknown) => { settle(); reject(error instanceof Error ? error : new Error(String(error))); },
    );
  });
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (signal.aborted) done();
    else signal.addEventListener('abort', done, { once: true });
  });
}
