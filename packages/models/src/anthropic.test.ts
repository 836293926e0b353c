import { startAnthropicServer, type AnthropicServer } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic.ts';
import { ModelError, type ChatMessage, type ProviderConfig, type ToolCall } from './types.ts';

const apiKey = 'sk-ant-test';
const model = 'claude-test';
let server: AnthropicServer;
let config: ProviderConfig;

beforeAll(async () => {
  server = await startAnthropicServer({ apiKey, models: [model, 'claude-other'] });
  config = { id: 'anthropic', kind: 'anthropic', baseUrl: server.url, apiKey };
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

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
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

describe('the Anthropic provider', () => {
  it('answers whole, with the usage, and fills in the max_tokens Anthropic requires', async () => {
    server.enqueue({ content: 'Hello there', usage: { input_tokens: 7, output_tokens: 2 } });
    const result = await createAnthropicProvider(config).chat({ model, messages: ask('Hi'), temperature: 0.2 });
    expect(result).toEqual({ text: 'Hello there', toolCalls: [], model, usage: { inputTokens: 7, outputTokens: 2 }, finishReason: 'stop' });
    expect(lastBody()).toEqual({ model, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], max_tokens: 4096, temperature: 0.2, stream: false });
    expect(server.requests[0]?.path).toBe('/v1/messages');
  });

  it('passes max_tokens on and says when the answer was cut', async () => {
    server.enqueue({ content: 'Cut', stopReason: 'max_tokens' });
    const result = await createAnthropicProvider(config).chat({ model, messages: ask('Hi'), maxTokens: 5 });
    expect(lastBody()).toMatchObject({ max_tokens: 5 });
    expect(result.finishReason).toBe('length');
  });

  it('streams the answer token by token and still counts the usage', async () => {
    server.enqueue({ content: 'one two three', usage: { input_tokens: 3, output_tokens: 3 } });
    const tokens: string[] = [];
    const result = await createAnthropicProvider(config).chat({ model, messages: ask('Count') }, { onToken: (token) => tokens.push(token) });
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('')).toBe('one two three');
    expect(result).toEqual({ text: 'one two three', toolCalls: [], model, usage: { inputTokens: 3, outputTokens: 3 }, finishReason: 'stop' });
    expect(lastBody()).toMatchObject({ stream: true });
  });

  it('sends system prompts apart, joined, and the history in order', async () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'Hello Ada.' },
      { role: 'system', content: 'Answer in English.' },
      { role: 'user', content: 'What is my name?' },
    ];
    const result = await createAnthropicProvider(config).chat({ model, messages });
    expect(result.text).toContain('What is my name?');
    expect(lastBody()).toMatchObject({
      system: 'Be brief.\n\nAnswer in English.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'My name is Ada.' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello Ada.' }] },
        { role: 'user', content: [{ type: 'text', text: 'What is my name?' }] },
      ],
    });
  });

  it('merges consecutive messages of one role into one turn', async () => {
    await createAnthropicProvider(config).chat({ model, messages: [...ask('First.'), ...ask('Second.')] });
    expect(lastBody()).toMatchObject({ messages: [{ role: 'user', content: [{ type: 'text', text: 'First.' }, { type: 'text', text: 'Second.' }] }] });
  });

  it('sends data: images as base64 and others by URL, and refuses types Anthropic cannot read', async () => {
    const provider = createAnthropicProvider(config);
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' }, { type: 'image', url: 'https://example.com/cat.jpg' }] },
    ];
    await provider.chat({ model, messages });
    expect(lastBody()).toMatchObject({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    });
    const tiff = await explained(provider.chat({ model, messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/tiff;base64,AAAA' }] }] }));
    expect(tiff.message).toContain('Anthropic cannot read a image/tiff image');
    expect(facts(tiff)).toMatchObject({ kind: 'bad_request', retryable: false });
  });

  describe('tools', () => {
    const weather = { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

    it('returns the tool uses, then answers them all in one user turn', async () => {
      const provider = createAnthropicProvider(config);
      server.enqueue({ toolUses: [{ name: 'get_weather', input: { city: 'Paris' } }, { name: 'get_weather', input: { city: 'Oslo' } }] }, { content: 'Sunny in Paris, rain in Oslo.' });
      const first = await provider.chat({ model, messages: ask('Weather in Paris and Oslo?'), tools: [weather] });
      expect(lastBody()).toMatchObject({ tools: [{ name: 'get_weather', description: 'The weather in a city', input_schema: weather.parameters }] });
      expect(first.finishReason).toBe('tool_calls');
      expect(withoutIds(first.toolCalls)).toEqual([
        { name: 'get_weather', arguments: { city: 'Paris' } },
        { name: 'get_weather', arguments: { city: 'Oslo' } },
      ]);
      const [paris, oslo] = first.toolCalls;
      if (paris === undefined || oslo === undefined) throw new Error('missing tool calls');

      const second = await provider.chat({
        model,
        tools: [weather],
        messages: [
          ...ask('Weather in Paris and Oslo?'),
          { role: 'assistant', content: first.text, toolCalls: first.toolCalls },
          { role: 'tool', toolCallId: paris.id, name: paris.name, content: 'sunny' },
          { role: 'tool', toolCallId: oslo.id, name: oslo.name, content: 'rain' },
        ],
      });
      expect(second.text).toBe('Sunny in Paris, rain in Oslo.');
      expect(lastBody()).toMatchObject({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Oslo?' }] },
          {
            role: 'assistant',
            content: [
              { type: 'tool_use', id: paris.id, name: 'get_weather', input: { city: 'Paris' } },
              { type: 'tool_use', id: oslo.id, name: 'get_weather', input: { city: 'Oslo' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: paris.id, content: 'sunny' },
              { type: 'tool_result', tool_use_id: oslo.id, content: 'rain' },
            ],
          },
        ],
      });
    });

    it('replays arguments that are not an object (malformed JSON from another provider) as an empty input', async () => {
      const messages: ChatMessage[] = [
        ...ask('Weather?'),
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city": "Par' }] },
        { role: 'tool', toolCallId: 'call_1', name: 'get_weather', content: 'unreadable arguments' },
      ];
      await createAnthropicProvider(config).chat({ model, messages, tools: [weather] });
      expect(lastBody()).toMatchObject({ messages: [{ role: 'user' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', input: {} }] }, { role: 'user' }] });
    });

    it('assembles streamed tool uses, with the text before them', async () => {
      server.enqueue({ content: 'Let me look.', toolUses: [{ name: 'get_weather', input: { city: 'Rio de Janeiro' } }] });
      const tokens: string[] = [];
      const result = await createAnthropicProvider(config).chat({ model, messages: ask('Weather?'), tools: [weather] }, { onToken: (token) => tokens.push(token) });
      expect(tokens.join('')).toBe('Let me look.');
      expect(result.text).toBe('Let me look.');
      expect(result.finishReason).toBe('tool_calls');
      expect(withoutIds(result.toolCalls)).toEqual([{ name: 'get_weather', arguments: { city: 'Rio de Janeiro' } }]);
    });
  });

  describe('structured output', () => {
    const schema = { type: 'object', properties: { mood: { type: 'string' } }, required: ['mood'] };

    it('forces a tool whose input is the JSON answer, whole or streamed', async () => {
      const provider = createAnthropicProvider(config);
      server.enqueue({ toolUses: [{ name: 'mood', input: { mood: 'happy' } }] }, { toolUses: [{ name: 'mood', input: { mood: 'calm' } }] });
      const whole = await provider.chat({ model, messages: ask('How do I feel?'), jsonSchema: { name: 'mood', schema } });
      expect(lastBody()).toMatchObject({ tools: [{ name: 'mood', input_schema: schema }], tool_choice: { type: 'tool', name: 'mood' } });
      expect(JSON.parse(whole.text)).toEqual({ mood: 'happy' });
      expect(whole.toolCalls).toEqual([]);
      expect(whole.finishReason).toBe('stop');

      const streamed = await provider.chat({ model, messages: ask('And now?'), jsonSchema: { name: 'mood', schema } }, { onToken: () => undefined });
      expect(JSON.parse(streamed.text)).toEqual({ mood: 'calm' });
      expect(streamed.toolCalls).toEqual([]);
    });
  });

  it('lists the models the server offers', async () => {
    await expect(createAnthropicProvider(config).listModels()).resolves.toEqual([model, 'claude-other']);
  });

  describe('errors', () => {
    const chat = (overrides: Partial<ProviderConfig> = {}, name = model): Promise<ModelError> =>
      explained(createAnthropicProvider({ ...config, ...overrides }).chat({ model: name, messages: ask('Hi') }));

    it('explains a rejected key, and a missing one, as not worth retrying', async () => {
      const wrong = await chat({ apiKey: 'sk-ant-wrong' });
      expect(wrong.message).toBe(`${server.url} (model "${model}") rejected the API key (401: invalid x-api-key): check the API key of the node's credential`);
      expect(facts(wrong)).toEqual({ kind: 'auth', status: 401, retryable: false, retryAfterMs: undefined });
      const missing = await chat({ apiKey: undefined });
      expect(missing.message).toContain("this node has no credential: choose a credential with the provider's API key");
    });

    it('explains an unknown model', async () => {
      const error = await chat({}, 'claude-nope');
      expect(error.message).toBe(`${server.url} (model "claude-nope"): unknown model (404: model: claude-nope): check the model name, or pick one that ${server.url}/v1/models lists`);
      expect(facts(error)).toMatchObject({ kind: 'not_found', status: 404, retryable: false });
    });

    it('explains a wrong base URL', async () => {
      const baseUrl = `${server.url}/v1`;
      const error = await chat({ baseUrl });
      expect(error.message).toMatch(new RegExp(`^${baseUrl} \\(model "${model}"\\): wrong base URL or unknown model \\(404: .*\\): check the base URL \\(Anthropic-style ones do not end in /v1\\)`));
      expect(facts(error)).toMatchObject({ kind: 'not_found', retryable: false });
    });

    it('asks whether the server is running when the connection is refused', async () => {
      const gone = await startAnthropicServer();
      await gone.close();
      const error = await chat({ baseUrl: gone.url });
      expect(error.message).toBe(`could not connect to ${gone.url} (ECONNREFUSED): is the server at ${gone.url} running, and is the base URL right?`);
      expect(facts(error)).toEqual({ kind: 'connection', status: undefined, retryable: true, retryAfterMs: undefined });
    });

    it("explains server errors and overload as retryable, once each: retries are not the SDK's", async () => {
      server.enqueue({ status: 500 }, { status: 529 });
      const failed = await chat();
      expect(failed.message).toBe(`${server.url} (model "${model}") failed (500: Internal server error): a problem on the server's side; try again later`);
      expect(facts(failed)).toMatchObject({ kind: 'server', status: 500, retryable: true });
      const overloaded = await chat();
      expect(overloaded.message).toContain('is overloaded (529: Overloaded)');
      expect(facts(overloaded)).toMatchObject({ kind: 'server', status: 529, retryable: true });
      expect(server.requests).toHaveLength(2);
    });

    it('passes on how long a rate limit asks to wait', async () => {
      const at = new Date(Date.now() + 60_000).toUTCString();
      server.enqueue({ status: 429, headers: { 'retry-after': '3' } }, { status: 429, headers: { 'retry-after': at } });
      const first = await chat();
      expect(first.message).toContain('is rate limiting or out of quota (429: This request would exceed the rate limit');
      expect(facts(first)).toEqual({ kind: 'rate_limit', status: 429, retryable: true, retryAfterMs: 3000 });
      const dated = (await chat()).retryAfterMs ?? 0;
      expect(dated).toBeGreaterThan(55_000);
      expect(dated).toBeLessThanOrEqual(60_000);
    });

    it('explains a bad request as not worth retrying', async () => {
      server.enqueue({ status: 400, content: 'messages: text content blocks must be non-empty' });
      const error = await chat();
      expect(error.message).toBe(`${server.url} (model "${model}") rejected the request (400: messages: text content blocks must be non-empty): check the node's settings`);
      expect(facts(error)).toMatchObject({ kind: 'bad_request', retryable: false });
    });

    it('explains a server too slow for the timeout, streamed or not', async () => {
      server.enqueue({ delayMs: 2_000 }, { delayMs: 2_000 });
      const provider = createAnthropicProvider({ ...config, timeoutMs: 50 });
      const whole = await explained(provider.chat({ model, messages: ask('Hi') }));
      const streamed = await explained(provider.chat({ model, messages: ask('Hi') }, { onToken: () => undefined }));
      for (const error of [whole, streamed]) {
        expect(error.message).toBe(`${server.url} (model "${model}") did not answer in time within 50 ms: is the server overloaded, or the answer too long?`);
        expect(facts(error)).toMatchObject({ kind: 'timeout', retryable: true });
      }
    });

    it("lets the caller's abort through unexplained", async () => {
      server.enqueue({ delayMs: 2_000 });
      const controller = new AbortController();
      setTimeout(() => {
        controller.abort(new Error('the run was cancelled'));
      }, 30);
      const error = await failure(createAnthropicProvider(config).chat({ model, messages: ask('Hi') }, { signal: controller.signal }));
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(ModelError);
    });

    it('explains a failed model listing', async () => {
      const error = await explained(createAnthropicProvider({ ...config, apiKey: 'sk-ant-wrong' }).listModels());
      expect(facts(error)).toMatchObject({ kind: 'auth', status: 401 });
    });
  });
});
