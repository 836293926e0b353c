import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkerEnv } from './env.ts';

const urls = { DATABASE_URL: 'postgresql://switchboard@127.0.0.1:5432/switchboard', REDIS_URL: 'redis://127.0.0.1:6379' };

/** The message loadWorkerEnv throws for `source` (the test fails if it does not throw). */
function failure(source: Record<string, string | undefined>): string {
  try {
    loadWorkerEnv(source);
  } catch (error) {
    if (error instanceof Error) return error.message;
    throw error;
  }
  throw new Error(`loadWorkerEnv accepted ${JSON.stringify(source)}`);
}

describe('loadWorkerEnv', () => {
  it('names DATABASE_URL and REDIS_URL as not set, with what each expects', () => {
    const message = failure({});
    expect(message).toContain('DATABASE_URL is not set: expected a postgres:// or postgresql:// URL');
    expect(message).toContain('REDIS_URL is not set: expected a redis:// or rediss:// URL');
  });

  it('treats blank URLs as not set', () => {
    expect(failure({ DATABASE_URL: '', REDIS_URL: '' })).toMatch(/DATABASE_URL is not set[\s\S]*REDIS_URL is not set/);
  });

  it.each(['0', 'many', '1001', '2.5'])('names WORKER_CONCURRENCY=%s with its value and the range it takes', (value) => {
    const message = failure({ ...urls, WORKER_CONCURRENCY: value });
    expect(message).toBe(`WORKER_CONCURRENCY=${JSON.stringify(value)} is not valid: expected an integer from 1 to 1000 (default 16): conversations worked on at once`);
  });

  it('never echoes a DATABASE_URL (or its password) that is not valid', () => {
    const message = failure({ ...urls, DATABASE_URL: 'mysql://admin:hunter2-secret@db.internal:3306/sb' });
    expect(message).toContain('DATABASE_URL is not valid: expected a postgres:// or postgresql:// URL');
    expect(message).not.toContain('hunter2-secret');
    expect(message).not.toContain('db.internal');
  });

  it('never echoes the password of a valid DATABASE_URL when something else is wrong', () => {
    const message = failure({ ...urls, DATABASE_URL: 'postgresql://admin:hunter2-secret@db.internal:5432/sb', WORKER_CONCURRENCY: 'many' });
    expect(message).toContain('WORKER_CONCURRENCY="many"');
    expect(message).not.toContain('hunter2-secret');
  });

  it('falls back to the defaults when only the two URLs are given', () => {
    const env = loadWorkerEnv(urls);
    expect(env.SWITCHBOARD_SECRET_KEY).toBeUndefined();
    expect(env.SWITCHBOARD_DATA_DIR).toBe(path.resolve(import.meta.dirname, '../../../.switchboard'));
    expect(env).toMatchObject({
      ...urls,
      SWITCHBOARD_QUEUE_PREFIX: 'switchboard',
      WORKER_CONCURRENCY: 16,
      WORKER_HEALTH_PORT: 3001,
      WORKER_HEALTH_HOST: '127.0.0.1',
      WORKER_LOCK_MS: 30_000,
      WORKER_RECONCILE_MS: 10_000,
      LOG_LEVEL: 'info',
    });
  });

  it('reads the numbers it is given and accepts health port 0', () => {
    expect(loadWorkerEnv({ ...urls, WORKER_CONCURRENCY: '8', WORKER_HEALTH_PORT: '0', WORKER_LOCK_MS: '2000', WORKER_RECONCILE_MS: '500' })).toMatchObject({
      WORKER_CONCURRENCY: 8,
      WORKER_HEALTH_PORT: 0,
      WORKER_LOCK_MS: 2000,
      WORKER_RECONCILE_MS: 500,
    });
  });

  it('accepts a secret key of 32 bytes of base64 and decodes it', () => {
    const key = randomBytes(32);
    expect(loadWorkerEnv({ ...urls, SWITCHBOARD_SECRET_KEY: key.toString('base64') }).SWITCHBOARD_SECRET_KEY).toEqual(key);
  });

  it.each([
    ['16 bytes', randomBytes(16).toString('base64')],
    ['33 bytes', randomBytes(33).toString('base64')],
    ['not base64', 'this is not a key'],
  ])('refuses a secret key of %s without echoing it', (_, value) => {
    const message = failure({ ...urls, SWITCHBOARD_SECRET_KEY: value });
    expect(message).toBe("SWITCHBOARD_SECRET_KEY is not valid: expected base64 of exactly 32 bytes, the same as the web server's; unset: the key file in SWITCHBOARD_DATA_DIR");
    expect(message).not.toContain(value);
  });
});
