import Anthropic, {
  APIConnectionError,
  APIError,
  APIConnectionTimeoutError,
  AuthenticationError,
  InternalServerError,
  NotFoundError,
  OverloadedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAnthropicServer } from './server.ts';
import type { AnthropicServer } from './types.ts';

const apiKey = 'sk-ant-test';
let server: AnthropicServer;
beforeAll(async () => {
  server = await startAnthropicServer({ apiKey, models: ['claude-sonnet-5', 'claude-haiku-4-5'] });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

function client(options: { maxRetries?: number; timeout?: number; apiKey?: string } = {}): Anthropic {
  return new Anthropic({ baseURL: server.url, apiKey, maxRetries: 0, ...options });
}

const request = { model: 'claude-sonnet-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'hi' }] };

function messageOf(error: unknown): string {
  return error instanceof APIError ? error.message : '';
}

function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('models', () => {
  it('lists the configured models and retrieves one', async () => {
    const listed = [];
    for await (const model of client().models.list()) listed.push(model);
    expect(listed).toEqual([
      { type: 'model', id: 'claude-sonnet-5', display_name: 'Claude Sonnet 5', created_at: '2025-01-01T00:00:00Z' },
      { type: 'model', id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', created_at: '2025-01-01T00:00:00Z' },
    ]);
    const page: unknown = await (await fetch(`${server.url}/v1/models`, { headers: { 'x-api-key': apiKey } })).json();
    expect(page).toMatchObject({ has_more: false, first_id: 'claude-sonnet-5', last_id: 'claude-haiku-4-5' });
    expect(await client().models.retrieve('claude-haiku-4-5')).toMatchObject({ id: 'claude-haiku-4-5', type: 'model' });
  });

  it('answers 404 not_found_error for any other model', async () => {
    const error = await rejectionOf(client().messages.create({ ...request, model: 'claude-0' }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, type: 'not_found_error' });
    expect(messageOf(error)).toContain('model: claude-0');
  });
});

describe('auth', () => {
  it('accepts the key as a bearer token (what the SDK sends) and as x-api-key', async () => {
    await client().messages.create(request);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ content: [{ type: 'text', text: 'Echo: hi' }] });
  });

  it('rejects a wrong or missing key with 401 authentication_error, and records the request', async () => {
    const error = await rejectionOf(client({ apiKey: 'sk-ant-wrong' }).messages.create(request));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, type: 'authentication_error' });
    expect(messageOf(error)).toContain('invalid x-api-key');
    const response = await fetch(`${server.url}/v1/models`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    expect(response.headers.get('request-id')).toBe('req_2');
    expect(server.requests.map((recorded) => recorded.path)).toEqual(['/v1/messages', '/v1/models']);
  });
});

describe('scripted errors', () => {
  it('answers a scripted 429 with retry-after, which the SDK exposes', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '7' } });
    const error = await rejectionOf(client().messages.create(request));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, type: 'rate_limit_error' });
    expect(error instanceof RateLimitError ? error.headers.get('retry-after') : undefined).toBe('7');
    expect(error instanceof RateLimitError ? error.requestID : undefined).toBe('req_1');
  });

  it('answers 500 api_error and 529 overloaded_error, with a scripted message', async () => {
    server.enqueue({ status: 500 }, { status: 529, content: 'Too busy.' }, { content: 'recovered' });
    const failed = await rejectionOf(client().messages.create(request));
    expect(failed).toBeInstanceOf(InternalServerError);
    expect(failed).toMatchObject({ status: 500, type: 'api_error' });
    const overloaded = await rejectionOf(client().messages.stream(request).finalMessage());
    expect(overloaded).toBeInstanceOf(OverloadedError);
    expect(overloaded).toMatchObject({ status: 529, type: 'overloaded_error' });
    expect(messageOf(overloaded)).toContain('Too busy.');
    expect((await client().messages.create(request)).content).toEqual([{ type: 'text', text: 'recovered' }]);
  });

  it('lets the SDK retry after retry-after and succeed on the next scripted response', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after-ms': '50' } }, { content: 'after the wait' });
    const message = await client({ maxRetries: 2 }).messages.create(request);
    expect(message.content).toEqual([{ type: 'text', text: 'after the wait' }]);
    expect(server.requests.map((recorded) => recorded.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
  });
});

describe('delays', () => {
  it('trips the SDK timeout', async () => {
    server.enqueue({ delayMs: 2_000 });
    const started = Date.now();
    const error = await rejectionOf(client({ timeout: 200 }).messages.create(request));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('delays a scripted answer without holding up other requests', async () => {
    server.enqueue({ delayMs: 300, content: 'slow' });
    const started = Date.now();
    const slow = client().messages.create(request).then((message) => ({ message, at: Date.now() }));
    await vi.waitFor(() => {
      expect(server.requests).toHaveLength(1);
    });
    const fast = await client().messages.create(request);
    const fastAt = Date.now();
    expect(fast.content).toEqual([{ type: 'text', text: 'Echo: hi' }]);
    const answered = await slow;
    expect(answered.message.content).toEqual([{ type: 'text', text: 'slow' }]);
    expect(answered.at).toBeGreaterThan(fastAt);
    expect(answered.at - started).toBeGreaterThanOrEqual(290);
  });

  it('waits latencyMs before unscripted answers', async () => {
    const own = await startAnthropicServer({ latencyMs: 200 });
    const started = Date.now();
    await new Anthropic({ baseURL: own.url, apiKey, maxRetries: 0 }).messages.create(request);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await own.close();
  });
});

describe('lifecycle', () => {
  it('records requests and forgets them, the script and the ids on reset', async () => {
    server.enqueue({ toolUses: [{ name: 'f', input: {} }] }, { content: 'never used' });
    await client().messages.create(request);
    expect(server.requests).toMatchObject([{ method: 'POST', path: '/v1/messages', headers: { authorization: `Bearer ${apiKey}` }, body: request }]);
    server.reset();
    expect(server.requests).toEqual([]);
    server.enqueue({ toolUses: [{ name: 'f', input: {} }] });
    const message = await client().messages.create(request);
    expect(message.id).toBe('msg_1');
    expect(message.content[0]).toMatchObject({ type: 'tool_use', id: 'toolu_1' });
    expect((await client().messages.create(request)).content).toEqual([{ type: 'text', text: 'Echo: hi' }]);
  });

  it('answers unknown URLs with 404 not_found_error', async () => {
    const response = await fetch(`${server.url}/v1/nothing`, { method: 'POST', headers: { 'x-api-key': apiKey } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('binds 127.0.0.1 on a random port without /v1 and closes at once despite open connections', async () => {
    const own = await startAnthropicServer();
    expect(own.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ownClient = new Anthropic({ baseURL: own.url, apiKey, maxRetries: 0 });
    await ownClient.models.list(); // leaves an idle keep-alive connection
    own.enqueue({ delayMs: 10_000 });
    const pending = rejectionOf(ownClient.messages.create(request));
    await vi.waitFor(() => {
      expect(own.requests).toHaveLength(2);
    });
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(APIConnectionError);
    await expect(fetch(`${own.url}/v1/models`)).rejects.toThrow();
  });
});
