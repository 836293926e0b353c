import { startOpenAIServer, type OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIProvider } from './openai.ts';
import { backoffDelay, retryDelay, withRetries } from './retry.ts';
import { ModelError, type ChatProvider, type ChatRequest } from './types.ts';

const KEY = 'sk-test';
const request: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] };
let server: OpenAIServer;
let provider: ChatProvider;

beforeAll(async () => {
  server = await startOpenAIServer({ apiKey: KEY, models: ['gpt-4o-mini'] });
  provider = createOpenAIProvider({ id: 'openai', kind: 'openai', baseUrl: server.url, apiKey: KEY });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

const fast = { retries: 2, baseDelayMs: 10, maxDelayMs: 2000 };

describe('withRetries against an OpenAI-compatible server', () => {
  it('retries a 500 and answers with the attempt that succeeded', async () => {
    server.enqueue({ status: 500 }, { status: 500 }, { content: 'third time' });
    const attempts: number[] = [];
    const result = await withRetries(async (attempt) => {
      attempts.push(attempt);
      return provider.chat(request);
    }, fast);
    expect(result.text).toBe('third time');
    expect(attempts).toEqual([1, 2, 3]);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up with the last error once the retries are spent', async () => {
    server.enqueue({ status: 500 }, { status: 500 }, { status: 503 });
    const error = await withRetries(() => provider.chat(request), fast).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: 'server', status: 503, retryable: true });
    expect(server.requests).toHaveLength(3);
  });

  it('waits out a 429 for at least its Retry-After', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '1' } }, { content: 'after the wait' });
    const waits: number[] = [];
    const started = performance.now();
    const result = await withRetries(() => provider.chat(request), { ...fast, onRetry: ({ delayMs }) => waits.push(delayMs) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.text).toBe('after the wait');
    expect(waits).toEqual([1000]);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up at once when the Retry-After is longer than maxDelayMs', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '30' } }, { content: 'never asked' });
    const error = await withRetries(() => provider.chat(request), fast).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'rate_limit', retryAfterMs: 30_000 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a rejected key', async () => {
    const badKey = createOpenAIProvider({ id: 'openai', kind: 'openai', baseUrl: server.url, apiKey: 'sk-wrong' });
    const error = await withRetries(() => badKey.chat(request), fast).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('stops waiting as soon as the caller aborts', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '1' } });
    const controller = new AbortController();
    const reason = new Error('the user left');
    const pending = withRetries(() => provider.chat(request), {
      ...fast,
      signal: controller.signal,
      onRetry: () => {
        controller.abort(reason);
      },
    });
    await expect(pending).rejects.toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  it('lets the caller narrow what is retried', async () => {
    server.enqueue({ status: 500 }, { content: 'not reached' });
    const error = await withRetries(() => provider.chat(request), { ...fast, shouldRetry: (caught) => caught.kind !== 'server' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'server' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('backoff', () => {
  it('doubles each step up to the cap, half of it jittered', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, { ...options, random: () => 0 })).toBe(50);
    expect(backoffDelay(1, { ...options, random: () => 0.999 })).toBe(100);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(200);
    expect(backoffDelay(10, { ...options, random: () => 0 })).toBe(500);
    expect(backoffDelay(10, { ...options, random: () => 0.999 })).toBe(1000);
  });

  it('prefers the server’s Retry-After within the cap', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 5000, random: () => 0 };
    const limited = (retryAfterMs: number): ModelError => new ModelError('slow down', { kind: 'rate_limit', retryable: true, status: 429, retryAfterMs });
    expect(retryDelay(1, limited(3000), options)).toBe(3000);
    expect(retryDelay(1, limited(5001), options)).toBeUndefined();
    expect(retryDelay(2, new ModelError('boom', { kind: 'server', retryable: true }), options)).toBe(100);
  });
});
