import Anthropic, { BadRequestError } from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startAnthropicServer } from './server.ts';
import type { AnthropicServer } from './types.ts';

const model = 'claude-sonnet-5';
let server: AnthropicServer;
let client: Anthropic;
beforeAll(async () => {
  server = await startAnthropicServer();
  client = new Anthropic({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

const question = { model, max_tokens: 256, system: 'You are terse.', messages: [{ role: 'user' as const, content: 'What is two plus two?' }] };

const weather: Tool = {
  name: 'get_weather',
  description: 'Current weather of a city',
  input_schema: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer' }, note: { type: 'string' } },
    required: ['city', 'unit', 'days'],
  },
};

describe('messages', () => {
  it('echoes the last user message and counts one token per word', async () => {
    const message = await client.messages.create(question);
    expect(message).toMatchObject({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: 'Echo: What is two plus two?' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      // input: 3 system + 5 user words; output: 6 words.
      usage: { input_tokens: 8, output_tokens: 6 },
    });
    expect(message._request_id).toBe('req_1');
  });

  it('reads text blocks, system blocks and accepts images', async () => {
    const message = await client.messages.create({
      model,
      max_tokens: 100,
      system: [{ type: 'text', text: 'Be kind.' }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Echo: What is this?' }]);
    expect(message.usage.input_tokens).toBe(5);
    expect(server.requests[0]?.body).toMatchObject({ messages: [{ content: [{ type: 'image', source: { type: 'base64' } }, { type: 'image' }, { type: 'text' }] }] });
  });

  it('answers scripted text, usage and stop reason', async () => {
    server.enqueue({ content: 'Four.', usage: { input_tokens: 100, output_tokens: 2 }, stopReason: 'stop_sequence' });
    const message = await client.messages.create(question);
    expect(message.content).toEqual([{ type: 'text', text: 'Four.' }]);
    expect(message.usage).toMatchObject({ input_tokens: 100, output_tokens: 2 });
    expect(message.stop_reason).toBe('stop_sequence');
  });

  it('cuts the echo at max_tokens words', async () => {
    const message = await client.messages.create({ ...question, max_tokens: 3 });
    expect(message.content).toEqual([{ type: 'text', text: 'Echo: What is' }]);
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(3);
  });
});

describe('streaming', () => {
  it('streams text in several deltas that add up to the message, with usage', async () => {
    const stream = client.messages.stream(question);
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const message = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe('Echo: What is two plus two?');
    expect(message).toMatchObject({ id: 'msg_1', content: [{ type: 'text', text: 'Echo: What is two plus two?' }], stop_reason: 'end_turn', usage: { input_tokens: 8, output_tokens: 6 } });
  });

  it('sends the events in Anthropic order', async () => {
    server.enqueue({ content: 'Checking.', toolUses: [{ name: 'get_weather', input: { city: 'Wien' } }] });
    const stream = await client.messages.create({ ...question, stream: true, tools: [weather] });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type === 'content_block_delta' ? `${event.type}:${event.delta.type}` : event.type);
    const squeezed = types.filter((type, index) => type !== types[index - 1]);
    expect(squeezed).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta:text_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta:input_json_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const response = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...question, stream: true }) });
    const body = await response.text();
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(body).toMatch(/^event: message_start\ndata: \{"type":"message_start",/);
    expect(body).toContain('event: ping\ndata: {"type":"ping"}\n\n');
  });

  it('streams a tool use whose partial JSON adds up to its input', async () => {
    const input = { city: 'Wien', unit: 'celsius', days: 3 };
    server.enqueue({ toolUses: [{ name: 'get_weather', input }] });
    const stream = client.messages.stream({ ...question, tools: [weather] });
    const fragments: string[] = [];
    stream.on('inputJson', (partial) => fragments.push(partial));
    const message = await stream.finalMessage();
    expect(fragments.filter((fragment) => fragment !== '').length).toBeGreaterThan(1);
    expect(JSON.parse(fragments.join(''))).toEqual(input);
    expect(message.content).toEqual([{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input }]);
    expect(message.stop_reason).toBe('tool_use');
  });
});

describe('tools', () => {
  it('runs a tool round trip', async () => {
    server.enqueue({ toolUses: [{ name: 'get_weather', input: { city: 'Wien', unit: 'celsius', days: 1 } }] }, { content: 'It is sunny in Wien.' });
    const messages: MessageParam[] = [{ role: 'user', content: 'Weather in Wien?' }];
    const first = await client.messages.create({ model, max_tokens: 100, messages, tools: [weather] });
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content).toEqual([{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Wien', unit: 'celsius', days: 1 } }]);
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse?.id ?? '', content: 'sunny, 24°C' }] });
    const second = await client.messages.create({ model, max_tokens: 100, messages, tools: [weather] });
    expect(second.content).toEqual([{ type: 'text', text: 'It is sunny in Wien.' }]);
    expect(second.stop_reason).toBe('end_turn');
    expect(server.requests[1]?.body).toMatchObject({ tools: [{ name: 'get_weather' }], messages: [{}, { role: 'assistant' }, { role: 'user' }] });
  });

  it('answers a forced tool with placeholders for its required properties', async () => {
    const message = await client.messages.create({ ...question, tools: [weather], tool_choice: { type: 'tool', name: 'get_weather' } });
    expect(message.content).toEqual([{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'city', unit: 'celsius', days: 0 } }]);
    expect(message.stop_reason).toBe('tool_use');
    const any = await client.messages.create({ ...question, tools: [weather], tool_choice: { type: 'any' } });
    expect(any.content[0]).toMatchObject({ type: 'tool_use', name: 'get_weather' });
    const auto = await client.messages.create({ ...question, tools: [weather], tool_choice: { type: 'auto' } });
    expect(auto.content[0]).toMatchObject({ type: 'text' });
    expect(server.requests[0]?.body).toMatchObject({ tool_choice: { type: 'tool', name: 'get_weather' } });
  });
});

describe('validation', () => {
  const errorMessage = (body: unknown): string | undefined => {
    const parsed = z.object({ error: z.object({ message: z.string() }) }).safeParse(body);
    return parsed.success ? parsed.data.error.message : undefined;
  };

  async function refusal(body: object): Promise<unknown> {
    const response = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(400);
    return response.json();
  }

  it('refuses a request without max_tokens', async () => {
    expect(await refusal({ model, messages: question.messages })).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
  });

  it('refuses a system message inside messages, through the SDK too', async () => {
    const messages = [{ role: 'system', content: 'Be terse.' }, ...question.messages];
    expect(errorMessage(await refusal({ model, max_tokens: 10, messages }))).toContain('Unexpected role "system"');
    const error = await rejectionOf(client.messages.create({ ...question, max_tokens: 0 }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error' });
  });

  it('refuses a tool_use without a tool_result right after it', async () => {
    const toolUse = { type: 'tool_use', id: 'toolu_x', name: 'get_weather', input: {} };
    const body = await refusal({
      model,
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Weather?' }, { role: 'assistant', content: [toolUse] }, { role: 'user', content: 'Well?' }],
    });
    expect(errorMessage(body)).toContain('messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_x.');
  });

  it('refuses a tool_result that answers no tool_use of the turn before', async () => {
    const body = await refusal({
      model,
      max_tokens: 10,
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_nope', content: 'x' }] }],
    });
    expect(errorMessage(body)).toContain('messages.0.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_nope.');
  });

  it('refuses an unknown role, a forced tool that is not offered, an empty conversation and a body that is not JSON', async () => {
    expect(await refusal({ model, max_tokens: 10, messages: [{ role: 'robot', content: 'x' }] })).toMatchObject({ error: { message: "messages.0.role: Input should be 'user' or 'assistant'" } });
    expect(await refusal({ ...question, tool_choice: { type: 'tool', name: 'nope' } })).toMatchObject({ error: { message: "tool_choice: Tool 'nope' not found in provided tools" } });
    expect(await refusal({ model, max_tokens: 10, messages: [] })).toMatchObject({ error: { message: 'messages: at least one message is required' } });
    const response = await fetch(`${server.url}/v1/messages`, { method: 'POST', body: '{' });
    expect(response.status).toBe(400);
  });

  it('does not consume the script on a refused request', async () => {
    server.enqueue({ content: 'kept' });
    await refusal({ model, messages: question.messages });
    expect((await client.messages.create(question)).content).toEqual([{ type: 'text', text: 'kept' }]);
  });
});
