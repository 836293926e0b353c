import { Redis } from 'ioredis';

export interface QueueNames {
  /** BullMQ's key prefix, and ours: several installations can share one Redis. */
  prefix: string;
}

/** Conversation turns: one "drain" job per conversation with pending inbox rows. */
export const TURNS_QUEUE = 'turns';
/** Delays and other timers: delayed jobs that put a timer event in a conversation's inbox when due. */
export const TIMERS_QUEUE = 'timers';
/** Work that is not a turn (inbox pruning now, knowledge-base ingestion later). */
export const BACKGROUND_QUEUE = 'background';
export const ALL_QUEUES = [TURNS_QUEUE, TIMERS_QUEUE, BACKGROUND_QUEUE] as const;

/** Where a worker publishes the answers (and live events) of turns a web instance waits for. */
export function replyChannel(prefix: string, instanceId: string): string {
  return `${prefix}:replies:${instanceId}`;
}

/** Cluster-wide notices, e.g. "flow X was published" so that every instance drops its cached plan. */
export function noticeChannel(prefix: string): string {
  return `${prefix}:notices`;
}

/**
 * A Redis connection. `blocking`: for BullMQ workers and subscribers, which must wait out outages
 * (BullMQ requires maxRetriesPerRequest: null). `command`: for requests a caller waits on, which fail
 * fast while Redis is away instead of queueing up. Connection errors are logged once per outage.
 */
export function connectRedis(url: string, kind: 'blocking' | 'command', log: (line: string) => void, name: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: kind === 'blocking' ? null : 1,
    enableOfflineQueue: kind === 'blocking',
    retryStrategy: (times) => Math.min(100 * times, 2000),
    connectionName: name,
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log(`redis (${name}): ${error.message}; reconnecting`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log(`redis (${name}): connected again`);
  });
  return redis;
}

/**
 * Routes a BullMQ queue's or worker's 'error' events to the log, at most one line per 10 s per
 * emitter (without a listener BullMQ prints every failed command of an outage with its stack).
 */
export function logErrors(emitter: { name: string; on(event: 'error', listener: (error: Error) => void): unknown }, log: (line: string) => void, role: 'queue' | 'worker'): void {
  let last = 0;
  emitter.on('error', (error: Error) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    log(`${role} ${emitter.name}: ${error.message}`);
  });
}

/** Resolves when the connection is ready; rejects with a clear message after `timeoutMs`. */
export async function waitForRedis(redis: Redis, url: string, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`cannot reach Redis at ${redactUrl(url)} after ${timeoutMs / 1000} s: start it, or fix REDIS_URL`));
    }, timeoutMs);
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/** A URL safe to print: the password replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}
