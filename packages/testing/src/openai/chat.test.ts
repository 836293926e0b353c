import OpenAI, { BadRequestError } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAIServer } from './server.ts';
import type { OpenAIServer } from './types.ts';

let server: OpenAIServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startOpenAIServer();
  client = new OpenAI({ baseURL: server.url, apiKey: 'test-key', maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

const question: ChatCompletionMessageParam[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'What is two plus two?' },
];

describe('chat completions', () => {
  it('echoes the last user message and counts one token per word', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question });
    expect(completion.choices[0]?.message.content).toBe('Echo: What is two plus two?');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    // prompt: 3 + 5 words; completion: 6 words.
    expect(completion.usage).toEqual({ prompt_tokens: 8, completion_tokens: 6, total_tokens: 14 });
    expect(completion._request_id).toBe('req_1');
  });

  it('echoes the last user turn, reading the text parts of array content', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'an earlier question' },
        { role: 'assistant', content: 'an earlier answer' },
        { role: 'user', content: [{ type: 'text', text: 'first' }, { type: 'text', text: 'second' }] },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('Echo: first second');
  });

  it('answers with scripted content and usage, in order', async () => {
    server.enqueue({ content: 'one', usage: { prompt_tokens: 100, completion_tokens: 7 } }, { content: 'two' });
    const first = await client.chat.completions.create({ model: 'm', messages: question });
    const second = await client.chat.completions.create({ model: 'm', messages: question });
    const third = await client.chat.completions.create({ model: 'm', messages: question });
    expect(first.choices[0]?.message.content).toBe('one');
    expect(first.usage).toEqual({ prompt_tokens: 100, completion_tokens: 7, total_tokens: 107 });
    expect(second.choices[0]?.message.content).toBe('two');
    expect(third.choices[0]?.message.content).toBe('Echo: What is two plus two?');
  });

  it('streams the answer in several deltas and ends with a usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: question,
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    const finishReasons: (string | null | undefined)[] = [];
    let usage: unknown = undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) deltas.push(choice.delta.content);
      if (choice?.finish_reason) finishReasons.push(choice.finish_reason);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('Echo: What is two plus two?');
    expect(finishReasons).toEqual(['stop']);
    expect(usage).toEqual({ prompt_tokens: 8, completion_tokens: 6, total_tokens: 14 });
  });

  it('sends no usage chunk unless asked', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: question, stream: true });
    const usages: unknown[] = [];
    for await (const chunk of stream) usages.push(chunk.usage);
    expect(usages.every((usage) => usage == null)).toBe(true);
  });
});

describe('tool calls', () => {
  const weather = { name: 'get_weather', arguments: { city: 'Paris, France', unit: 'celsius' } };

  it('answers with tool_calls and JSON-stringified arguments', async () => {
    server.enqueue({ toolCalls: [weather, { name: 'get_time', arguments: { zone: 'CET' } }] });
    const completion = await client.chat.completions.create({ model: 'm', messages: question });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(weather.arguments) } },
      { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{"zone":"CET"}' } },
    ]);
  });

  it('streams tool calls as deltas the SDK reassembles', async () => {
    server.enqueue({ toolCalls: [weather, { name: 'get_time', arguments: { zone: 'CET' } }] });
    const stream = client.chat.completions.stream({ model: 'm', messages: question });
    const fragments: string[] = [];
    stream.on('tool_calls.function.arguments.delta', (event) => {
      if (event.arguments_delta !== '') fragments.push(event.arguments_delta);
    });
    const completion = await stream.finalChatCompletion();
    const choice = completion.choices[0];
    expect(fragments.length).toBeGreaterThan(2); // two calls, yet more pieces: the arguments really arrived split
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.tool_calls).toMatchObject([
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(weather.arguments) } },
      { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{"zone":"CET"}' } },
    ]);
  });

  it('accepts the tool results of the previous assistant message', async () => {
    const completion = await client.chat.completions.create({
      model: 'm',
      messages: [
        ...question,
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'add', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_9', content: '4' },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('Echo: What is two plus two?');
  });
});

describe('request validation', () => {
  const assistantCall: ChatCompletionMessageParam = {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'add', arguments: '{}' } }],
  };

  it.each([
    ['a missing model', { messages: question }, "Missing required parameter: 'model'."],
    ['missing messages', { model: 'm' }, "Missing required parameter: 'messages'."],
    ['empty messages', { model: 'm', messages: [] }, "Invalid 'messages': empty array."],
    ['an unknown role', { model: 'm', messages: [{ role: 'robot', content: 'hi' }] }, "Invalid value for 'messages[0].role'"],
    ['a tool message with no tool call before it', { model: 'm', messages: [...question, { role: 'tool', tool_call_id: 'call_1', content: '4' }] }, "must be a response to a preceeding message with 'tool_calls'"],
    ['a tool message answering an unknown id', { model: 'm', messages: [...question, assistantCall, { role: 'tool', tool_call_id: 'call_8', content: '4' }] }, "'tool_call_id' of 'call_8' not found in 'tool_calls' of previous message."],
    ['stream_options without stream', { model: 'm', messages: question, stream_options: { include_usage: true } }, "only allowed when 'stream' is enabled"],
    ['a tool call left unanswered', { model: 'm', messages: [...question, assistantCall, { role: 'user', content: 'well?' }] }, 'did not have response messages: call_9'],
  ])('rejects %s with 400', async (_case, body, message) => {
    // client.post sends what the typed methods would refuse to compile.
    const error: unknown = await client.post('/chat/completions', { body }).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error' });
    expect(String(error)).toContain(message);
  });

  it('keeps the script for the next accepted request', async () => {
    server.enqueue({ content: 'scripted' });
    await expect(client.post('/chat/completions', { body: { model: 'm' } })).rejects.toBeInstanceOf(BadRequestError);
    const completion = await client.chat.completions.create({ model: 'm', messages: question });
    expect(completion.choices[0]?.message.content).toBe('scripted');
  });

  it('rejects a body that is not JSON', async () => {
    const response = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: '{"model": ', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    const body: unknown = await response.json();
    expect(body).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(JSON.stringify(body)).toContain('could not parse the JSON body');
    expect(server.requests[0]?.body).toBe('{"model": ');
  });
});
