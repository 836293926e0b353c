import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startOpenAIServer } from './server.ts';
import type { OpenAIServer } from './types.ts';

const apiKey = 'sk-test';
let server: OpenAIServer;
beforeAll(async () => {
  server = await startOpenAIServer({ apiKey, models: ['gpt-4o-mini', 'text-embedding-3-small'] });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

function client(options: { maxRetries?: number; timeout?: number; apiKey?: string } = {}): OpenAI {
  return new OpenAI({ baseURL: server.url, apiKey, maxRetries: 0, ...options });
}

const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };

/** The rejection of a promise, or undefined when it resolved. */
function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('models', () => {
  it('lists the configured models and retrieves one', async () => {
    const ids: string[] = [];
    for await (const model of client().models.list()) ids.push(model.id);
    expect(ids).toEqual(['gpt-4o-mini', 'text-embedding-3-small']);
    expect(await client().models.retrieve('gpt-4o-mini')).toMatchObject({ id: 'gpt-4o-mini', object: 'model' });
  });

  it('answers 404 model_not_found for any other model', async () => {
    const chat = await rejectionOf(client().chat.completions.create({ ...request, model: 'gpt-0' }));
    expect(chat).toBeInstanceOf(NotFoundError);
    expect(chat).toMatchObject({ status: 404, code: 'model_not_found' });
    const embeddings = await rejectionOf(client().embeddings.create({ model: 'gpt-0', input: 'x' }));
    expect(embeddings).toMatchObject({ status: 404, code: 'model_not_found' });
  });
});

describe('auth', () => {
  it('rejects a wrong key with 401 invalid_api_key', async () => {
    const error = await rejectionOf(client({ apiKey: 'sk-wrong' }).chat.completions.create(request));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });
  });

  it('rejects a request without a key, and records it', async () => {
    const response = await fetch(`${server.url}/models`);
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).toContain("didn't provide an API key");
    expect(server.requests).toMatchObject([{ method: 'GET', path: '/v1/models' }]);
    expect(server.requests[0]?.headers).not.toHaveProperty('authorization');
  });
});

describe('scripted errors', () => {
  it('answers a scripted 500, then carries on with the script', async () => {
    server.enqueue({ status: 500 }, { content: 'recovered' });
    const error = await rejectionOf(client().chat.completions.create(request));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, type: 'server_error' });
    const completion = await client().chat.completions.create(request);
    expect(completion.choices[0]?.message.content).toBe('recovered');
  });

  it('uses scripted content as the error message and scripted headers', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '1' }, content: 'Slow down.' });
    const error = await rejectionOf(client().chat.completions.create(request));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', message: '429 Slow down.' });
    expect(error instanceof RateLimitError ? error.headers.get('retry-after') : undefined).toBe('1');
    expect(server.requests).toHaveLength(1);
  });

  it('lets the SDK retry a 429 after retry-after and succeed on the next scripted response', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '0.05' } }, { content: 'after the wait' });
    const started = Date.now();
    const completion = await client({ maxRetries: 2 }).chat.completions.create(request);
    expect(completion.choices[0]?.message.content).toBe('after the wait');
    expect(server.requests.map((recorded) => recorded.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
    // Without retry-after the SDK would back off 375–500 ms.
    expect(Date.now() - started).toBeLessThan(350);
  });
});

describe('delays', () => {
  it('trips the SDK timeout', async () => {
    server.enqueue({ delayMs: 2_000 });
    const started = Date.now();
    const error = await rejectionOf(client({ timeout: 200 }).chat.completions.create(request));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('does not hold up other requests', async () => {
    server.enqueue({ delayMs: 500, content: 'slow' });
    const slow = client().chat.completions.create(request).then((completion) => ({ content: completion.choices[0]?.message.content, at: Date.now() }));
    await vi.waitFor(() => {
      expect(server.requests).toHaveLength(1);
    });
    const fast = await client().chat.completions.create(request);
    const fastAt = Date.now();
    expect(fast.choices[0]?.message.content).toBe('Echo: hi');
    const answered = await slow;
    expect(answered.content).toBe('slow');
    expect(answered.at).toBeGreaterThan(fastAt);
  });
});

describe('lifecycle', () => {
  it('records requests and forgets them, the script and the ids on reset', async () => {
    server.enqueue({ toolCalls: [{ name: 'f', arguments: {} }] }, { content: 'never used' });
    await client().chat.completions.create(request);
    expect(server.requests).toMatchObject([
      { method: 'POST', path: '/v1/chat/completions', headers: { authorization: `Bearer ${apiKey}` }, body: request },
    ]);
    server.reset();
    expect(server.requests).toEqual([]);
    server.enqueue({ toolCalls: [{ name: 'f', arguments: {} }] });
    const completion = await client().chat.completions.create(request);
    expect(completion.id).toBe('chatcmpl-1');
    expect(completion.choices[0]?.message.tool_calls?.[0]?.id).toBe('call_1');
    expect((await client().chat.completions.create(request)).choices[0]?.message.content).toBe('Echo: hi');
  });

  it('answers unknown URLs with 404 Invalid URL', async () => {
    const response = await fetch(`${server.url}/nothing`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { message: 'Invalid URL (POST /v1/nothing)' } });
  });

  it('binds 127.0.0.1 on a random port and closes at once despite open connections', async () => {
    const own = await startOpenAIServer();
    expect(own.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(own.url).not.toBe(server.url);
    const ownClient = new OpenAI({ baseURL: own.url, apiKey, maxRetries: 0 });
    await ownClient.models.list(); // leaves an idle keep-alive connection
    own.enqueue({ delayMs: 10_000 });
    const pending = rejectionOf(ownClient.chat.completions.create(request));
    await vi.waitFor(() => {
      expect(own.requests).toHaveLength(2);
    });
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(APIConnectionError);
    await expect(fetch(`${own.url}/models`)).rejects.toThrow();
  });
});
