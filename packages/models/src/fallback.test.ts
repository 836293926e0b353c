import { startOpenAIServer, type OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AllTargetsFailedError, callWithFallback, type AttemptInfo, type FallbackTarget } from './fallback.ts';
import { ProviderLimiter } from './limiter.ts';
import { createOpenAIProvider } from './openai.ts';
import { ModelError, type ChatRequest } from './types.ts';

const KEY = 'sk-test';
const request: Omit<ChatRequest, 'model'> = { messages: [{ role: 'user', content: 'where is my parcel?' }] };
let primary: OpenAIServer;
let backup: OpenAIServer;

beforeAll(async () => {
  [primary, backup] = await Promise.all([startOpenAIServer({ apiKey: KEY, models: ['gpt-4o-mini'] }), startOpenAIServer({ apiKey: KEY, models: ['gpt-4.1-mini'] })]);
});
afterAll(async () => {
  await Promise.all([primary.close(), backup.close()]);
});
beforeEach(() => {
  primary.reset();
  backup.reset();
});

function targets(primaryKey = KEY): FallbackTarget[] {
  return [
    { provider: createOpenAIProvider({ id: 'openai', kind: 'openai', baseUrl: primary.url, apiKey: primaryKey }), model: 'gpt-4o-mini' },
    { provider: createOpenAIProvider({ id: 'deepseek', kind: 'openai', baseUrl: backup.url, apiKey: KEY }), model: 'gpt-4.1-mini' },
  ];
}

const quick = { retries: 2, baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 5000 };

describe('callWithFallback', () => {
  it('answers from the first target when it works', async () => {
    const { result, targetIndex, attempts } = await callWithFallback(targets(), request, quick);
    expect(result.text).toBe('Echo: where is my parcel?');
    expect(targetIndex).toBe(0);
    expect(attempts).toMatchObject([{ providerId: 'openai', model: 'gpt-4o-mini', tries: 1 }]);
    expect(attempts[0]?.error).toBeUndefined();
    expect(backup.requests).toHaveLength(0);
  });

  it('falls back once the primary has failed with 500 on every retry', async () => {
    primary.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    backup.enqueue({ content: 'from the backup' });
    const seen: AttemptInfo[] = [];
    const { result, targetIndex, attempts } = await callWithFallback(targets(), request, { ...quick, onAttempt: (info) => seen.push(info) });
    expect(result.text).toBe('from the backup');
    expect(targetIndex).toBe(1);
    expect(primary.requests).toHaveLength(3);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ providerId: 'openai', model: 'gpt-4o-mini', tries: 3, error: { kind: 'server', status: 500 } });
    expect(attempts[1]).toMatchObject({ providerId: 'deepseek', model: 'gpt-4.1-mini', tries: 1 });
    expect(seen.map(({ targetIndex: index, attempt, error }) => [index, attempt, error?.kind])).toEqual([
      [0, 1, 'server'],
      [0, 2, 'server'],
      [0, 3, 'server'],
      [1, 1, undefined],
    ]);
  });

  it('falls back after a timeout without retrying the slow target', async () => {
    primary.enqueue({ delayMs: 2000, content: 'too late' });
    const started = performance.now();
    const { result, targetIndex, attempts } = await callWithFallback(targets(), request, { ...quick, timeoutMs: 300 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(targetIndex).toBe(1);
    expect(result.text).toBe('Echo: where is my parcel?');
    expect(primary.requests).toHaveLength(1);
    const timedOut = attempts[0]?.error;
    expect(timedOut).toMatchObject({ kind: 'timeout', retryable: true });
    expect(timedOut?.message).toContain('openai');
    expect(timedOut?.message).toContain('gpt-4o-mini');
  });

  it('moves past a rejected key without retrying it, and reports it', async () => {
    const { result, targetIndex, attempts } = await callWithFallback(targets('sk-wrong'), request, quick);
    expect(targetIndex).toBe(1);
    expect(result.text).toBe('Echo: where is my parcel?');
    expect(primary.requests).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ tries: 1, error: { kind: 'auth', status: 401, retryable: false } });
  });

  it('throws the last error, listing every attempt, when all fail', async () => {
    primary.enqueue({ status: 500 });
    backup.enqueue({ status: 503 });
    const error = await callWithFallback(targets(), request, { ...quick, retries: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AllTargetsFailedError);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ kind: 'server', status: 503 });
    if (!(error instanceof AllTargetsFailedError)) throw new Error('unreachable');
    expect(error.message).toMatch(/^all 2 models failed: openai gpt-4o-mini: .*500.* ; deepseek gpt-4.1-mini: .*503/);
    expect(error.attempts.map((attempt) => attempt.error?.status)).toEqual([500, 503]);
  });

  it('tells the caller to discard its draft when a target fails mid-stream', async () => {
    // Eight words 300 ms apart: the first arrive before the 1 s timeout ends the attempt.
    primary.enqueue({ content: 'one two three four five six seven eight', chunkDelayMs: 300 });
    backup.enqueue({ content: 'fresh answer' });
    let draft = '';
    const seen: AttemptInfo[] = [];
    const { result, targetIndex } = await callWithFallback(targets(), request, {
      ...quick,
      timeoutMs: 1000,
      onToken: (text) => (draft += text),
      onAttempt: (info) => {
        seen.push(info);
        if (info.discardDraft) draft = '';
      },
    });
    expect(targetIndex).toBe(1);
    expect(seen[0]).toMatchObject({ targetIndex: 0, discardDraft: true, error: { kind: 'timeout' } });
    expect(seen[1]).toMatchObject({ targetIndex: 1, discardDraft: false });
    expect(draft).toBe('fresh answer');
    expect(result.text).toBe('fresh answer');
  });

  it('stops at once when the caller aborts, without falling back', async () => {
    primary.enqueue({ delayMs: 2000 });
    const controller = new AbortController();
    const reason = new Error('the user left');
    setTimeout(() => {
      controller.abort(reason);
    }, 100);
    await expect(callWithFallback(targets(), request, { ...quick, signal: controller.signal })).rejects.toBe(reason);
    expect(backup.requests).toHaveLength(0);
  });

  it('takes its turn at the limiter and charges it the billed tokens', async () => {
    const limiter = new ProviderLimiter({ maxConcurrent: 1, tokensPerMinute: 100_000 });
    primary.enqueue({ content: 'limited', usage: { prompt_tokens: 40_000, completion_tokens: 30_000 } });
    const [first] = targets();
    if (first === undefined) throw new Error('unreachable');
    const { result } = await callWithFallback([{ ...first, limiter }], request, quick);
    expect(result.usage).toEqual({ inputTokens: 40_000, outputTokens: 30_000 });
    expect(limiter.state).toEqual({ inFlight: 0, waiting: 0 });
    // 70,000 of the 100,000 are spent: a 50,000-token call has to wait.
    const controller = new AbortController();
    const waiting = limiter.acquire(50_000, controller.signal);
    expect(limiter.state.waiting).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toThrow();
  });
});
