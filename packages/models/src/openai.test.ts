import { startOpenAIServer, type OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIProvider } from './openai.ts';
import { ModelError, type ChatMessage, type ProviderConfig, type ToolCall } from './types.ts';

const apiKey = 'sk-test';
let server: OpenAIServer;
let config: ProviderConfig;

beforeAll(async () => {
  server = await startOpenAIServer({ apiKey, models: ['test-model', 'other-model'] });
  config = { id: 'openai', kind: 'openai', baseUrl: server.url, apiKey };
});

beforeEach(() => {
  server.reset();
});

afterAll(async () => {
  await server.close();
});

const ask = (text: string): ChatMessage[] => [{ role: 'user', content: text }];

function lastBody(): unknown {
  return server.requests.at(-1)?.body;
}

/** The explained error the call was rejected with. */
async function explained(call: Promise<unknown>): Promise<ModelError> {
  const error = await failure(call);
  if (!(error instanceof ModelError)) throw new Error(`expected a ModelError, got ${String(error)}`);
  return error;
}

function facts({ kind, status, retryable, retryAfterMs }: ModelError): Pick<ModelError, 'kind' | 'status' | 'retryable' | 'retryAfterMs'> {
  return { kind, status, retryable, retryAfterMs };
}

const withoutIds = (calls: readonly ToolCall[]): { name: string; arguments: unknown }[] => calls.map(({ name, arguments: args }) => ({ name, arguments: args }));

/** What the call was rejected with. */
async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('the OpenAI provider', () => {
  it('answers whole, with the usage and the model the server names', async () => {
    server.enqueue({ content: 'Hello there', usage: { prompt_tokens: 7, completion_tokens: 2 } });
    const result = await createOpenAIProvider(config).chat({ model: 'test-model', messages: ask('Hi'), temperature: 0.2, maxTokens: 50 });
    expect(result).toEqual({ text: 'Hello there', toolCalls: [], model: 'test-model', usage: { inputTokens: 7, outputTokens: 2 }, finishReason: 'stop' });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(lastBody()).toEqual({ model: 'test-model', messages: [{ role: 'user', content: 'Hi' }], temperature: 0.2, max_tokens: 50, stream: false });
  });

  it('streams the answer token by token and still counts the usage', async () => {
    server.enqueue({ content: 'one two three', usage: { prompt_tokens: 3, completion_tokens: 3 } });
    const tokens: string[] = [];
    const result = await createOpenAIProvider(config).chat({ model: 'test-model', messages: ask('Count') }, { onToken: (token) => tokens.push(token) });
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('')).toBe('one two three');
    expect(result).toEqual({ text: 'one two three', toolCalls: [], model: 'test-model', usage: { inputTokens: 3, outputTokens: 3 }, finishReason: 'stop' });
    expect(lastBody()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('sends the system prompt and the history in order', async () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'Hello Ada.' },
      { role: 'user', content: 'What is my name?' },
    ];
    const result = await createOpenAIProvider(config).chat({ model: 'test-model', messages });
    expect(result.text).toBe('Echo: What is my name?');
    expect(lastBody()).toMatchObject({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'My name is Ada.' },
        { role: 'assistant', content: 'Hello Ada.' },
        { role: 'user', content: 'What is my name?' },
      ],
    });
  });

  it('sends images as image_url parts', async () => {
    const image = 'data:image/png;base64,iVBORw0KGgo=';
    const messages: ChatMessage[] = [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', url: image }, { type: 'image', url: 'https://example.com/cat.jpg' }] }];
    await createOpenAIProvider(config).chat({ model: 'test-model', messages });
    expect(lastBody()).toMatchObject({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: image } }, { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } }] }],
    });
  });

  describe('tools', () => {
    const weather = { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

    it('returns the tool calls, then accepts the call and its result in the history', async () => {
      const provider = createOpenAIProvider(config);
      server.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }, { content: 'Sunny in Paris.' });
      const first = await provider.chat({ model: 'test-model', messages: ask('Weather in Paris?'), tools: [weather] });
      expect(lastBody()).toMatchObject({ tools: [{ type: 'function', function: weather }] });
      expect(first.finishReason).toBe('tool_calls');
      expect(withoutIds(first.toolCalls)).toEqual([{ name: 'get_weather', arguments: { city: 'Paris' } }]);
      const [call] = first.toolCalls;
      if (call === undefined) throw new Error('no tool call');

      const second = await provider.chat({
        model: 'test-model',
        tools: [weather],
        messages: [
          ...ask('Weather in Paris?'),
          { role: 'assistant', content: first.text, toolCalls: first.toolCalls },
          { role: 'tool', toolCallId: call.id, name: call.name, content: '{"sky":"sunny"}' },
        ],
      });
      expect(second.text).toBe('Sunny in Paris.');
      expect(lastBody()).toMatchObject({
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
          { role: 'tool', tool_call_id: call.id, content: '{"sky":"sunny"}' },
        ],
      });
    });

    it('assembles streamed tool calls from their fragments', async () => {
      server.enqueue({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Rio de Janeiro' } }, { name: 'get_weather', arguments: { city: 'Oslo' } }] });
      const tokens: string[] = [];
      const result = await createOpenAIProvider(config).chat({ model: 'test-model', messages: ask('Weather?'), tools: [weather] }, { onToken: (token) => tokens.push(token) });
      expect(tokens).toEqual([]);
      expect(result.finishReason).toBe('tool_calls');
      expect(withoutIds(result.toolCalls)).toEqual([
        { name: 'get_weather', arguments: { city: 'Rio de Janeiro' } },
        { name: 'get_weather', arguments: { city: 'Oslo' } },
      ]);
      expect(new Set(result.toolCalls.map((call) => call.id)).size).toBe(2);
    });

    it('keeps malformed arguments as the raw text, whole or streamed', async () => {
      const provider = createOpenAIProvider(config);
      server.enqueue({ toolCalls: [{ name: 'get_weather', arguments: '{"city": "Par' }] }, { toolCalls: [{ name: 'get_weather', arguments: '{"city": "Par' }] });
      const whole = await provider.chat({ model: 'test-model', messages: ask('Weather?'), tools: [weather] });
      const streamed = await provider.chat({ model: 'test-model', messages: ask('Weather?'), tools: [weather] }, { onToken: () => undefined });
      expect(whole.toolCalls[0]?.arguments).toBe('{"city": "Par');
      expect(streamed.toolCalls[0]?.arguments).toBe('{"city": "Par');
    });
  });

  it('asks for structured output with a strict json_schema response format', async () => {
    const schema = { type: 'object', properties: { mood: { type: 'string' } }, required: ['mood'], additionalProperties: false };
    server.enqueue({ content: '{"mood":"happy"}' });
    const result = await createOpenAIProvider(config).chat({ model: 'test-model', messages: ask('How do I feel?'), jsonSchema: { name: 'mood', schema } });
    expect(lastBody()).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'mood', schema, strict: true } } });
    expect(JSON.parse(result.text)).toEqual({ mood: 'happy' });
  });

  it('lists the models the server offers', async () => {
    await expect(createOpenAIProvider(config).listModels()).resolves.toEqual(['test-model', 'other-model']);
  });

  describe('errors', () => {
    const chat = (overrides: Partial<ProviderConfig> = {}, model = 'test-model'): Promise<ModelError> =>
      explained(createOpenAIProvider({ ...config, ...overrides }).chat({ model, messages: ask('Hi') }));

    it('explains a rejected key, and a missing one, as not worth retrying', async () => {
      const wrong = await chat({ apiKey: 'sk-wrong' });
      expect(wrong.message).toBe(`${server.url} (model "test-model") rejected the API key (401: Incorrect API key provided.): check the API key of the node's credential`);
      expect(facts(wrong)).toEqual({ kind: 'auth', status: 401, retryable: false, retryAfterMs: undefined });
      const missing = await chat({ apiKey: undefined });
      expect(missing.message).toContain('this node has no credential: choose an "openai" credential with a valid API key');
    });

    it('explains an unknown model', async () => {
      const error = await chat({}, 'gpt-nope');
      expect(error.message).toMatch(/\(model "gpt-nope"\): unknown model \(404: The model 'gpt-nope' does not exist.*\): check the model name, or pick one that .*\/v1\/models lists/);
      expect(facts(error)).toMatchObject({ kind: 'not_found', status: 404, retryable: false });
    });

    it('explains a wrong base URL', async () => {
      const baseUrl = server.url.replace(/\/v1$/, '/api');
      const error = await chat({ baseUrl });
      expect(error.message).toBe(`${baseUrl} (model "test-model"): wrong base URL or unknown model (404: Invalid URL (POST /api/chat/completions)): check the base URL (most end in /v1) and the model name`);
      expect(facts(error)).toMatchObject({ kind: 'not_found', retryable: false });
    });

    it('asks whether the server is running when the connection is refused', async () => {
      const gone = await startOpenAIServer();
      await gone.close();
      const error = await chat({ baseUrl: gone.url });
      expect(error.message).toBe(`could not connect to ${gone.url} (ECONNREFUSED): is the server at ${gone.url} running, and is the base URL right?`);
      expect(facts(error)).toEqual({ kind: 'connection', status: undefined, retryable: true, retryAfterMs: undefined });
    });

    it("explains server errors as retryable, once each: retries are not the SDK's", async () => {
      server.enqueue({ status: 500 }, { status: 503 });
      const first = await chat();
      expect(first.message).toMatch(/failed \(500: .*\): a problem on the server's side/);
      expect(facts(first)).toMatchObject({ kind: 'server', status: 500, retryable: true });
      expect(facts(await chat())).toMatchObject({ kind: 'server', status: 503, retryable: true });
      expect(server.requests).toHaveLength(2);
    });

    it('passes on how long a rate limit asks to wait', async () => {
      server.enqueue({ status: 429, headers: { 'retry-after': '2' } }, { status: 429, headers: { 'retry-after-ms': '150' } }, { status: 429 });
      const first = await chat();
      expect(first.message).toContain('is rate limiting or out of quota (429: ');
      expect(facts(first)).toEqual({ kind: 'rate_limit', status: 429, retryable: true, retryAfterMs: 2000 });
      expect((await chat()).retryAfterMs).toBe(150);
      expect((await chat()).retryAfterMs).toBeUndefined();
    });

    it('explains a server too slow for the timeout, streamed or not', async () => {
      server.enqueue({ delayMs: 2_000 }, { delayMs: 2_000 });
      const provider = createOpenAIProvider({ ...config, timeoutMs: 50 });
      const whole = await explained(provider.chat({ model: 'test-model', messages: ask('Hi') }));
      const streamed = await explained(provider.chat({ model: 'test-model', messages: ask('Hi') }, { onToken: () => undefined }));
      for (const error of [whole, streamed]) {
        expect(error.message).toBe(`${server.url} (model "test-model") did not answer in time within 50 ms: is the server overloaded, or the answer too long?`);
        expect(facts(error)).toMatchObject({ kind: 'timeout', retryable: true });
      }
    });

    it("lets the caller's abort through unexplained", async () => {
      server.enqueue({ delayMs: 2_000 });
      const controller = new AbortController();
      setTimeout(() => {
        controller.abort(new Error('the run was cancelled'));
      }, 30);
      const error = await failure(createOpenAIProvider(config).chat({ model: 'test-model', messages: ask('Hi') }, { signal: controller.signal }));
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(ModelError);
    });

    it('explains a failed model listing', async () => {
      const error = await explained(createOpenAIProvider({ ...config, apiKey: 'sk-wrong' }).listModels());
      expect(facts(error)).toMatchObject({ kind: 'auth', status: 401 });
    });
  });
});
