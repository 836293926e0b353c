import { PermanentNodeError } from '@switchboard/flow-schema';
import type { ChatTurn } from '@switchboard/flow-schema';
import { startOpenAIServer, type OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { chatModelNode } from './run.ts';

const API_KEY = 'sk-test';
let server: OpenAIServer;
const credential = { apiKey: API_KEY };
const memory: ChatTurn[] = [
  { role: 'user', content: 'Hi, I am Ada' },
  { role: 'assistant', content: 'Hello Ada!' },
];

beforeAll(async () => {
  server = await startOpenAIServer({ apiKey: API_KEY, models: ['test-model'] });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

function lastBody(): unknown {
  return server.requests.at(-1)?.body;
}

describe('model.chat', () => {
  it('answers without streaming, sending instructions, memory and prompt, and reports usage', async () => {
    const config = { baseUrl: server.url, model: 'test-model', systemPrompt: 'Be brief.', prompt: 'What is my name?', stream: false };
    const run = await runNode(chatModelNode, { config, credential, memory });
    expect(run.outputs).toEqual({ text: 'Echo: What is my name?' });
    expect(run.tokens).toEqual([]);
    expect(lastBody()).toMatchObject({
      model: 'test-model',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi, I am Ada' },
        { role: 'assistant', content: 'Hello Ada!' },
        { role: 'user', content: 'What is my name?' },
      ],
    });
    expect(lastBody()).not.toHaveProperty('stream', true);
    expect(run.usage).toHaveLength(1);
    expect(run.usage[0]?.model).toBe('test-model');
    expect(run.usage[0]?.inputTokens).toBeGreaterThan(0);
    expect(run.usage[0]?.outputTokens).toBeGreaterThan(0);
    expect(run.memory).toEqual([...memory, { role: 'user', content: 'What is my name?' }, { role: 'assistant', content: 'Echo: What is my name?' }]);
  });

  it('streams tokens as they arrive and asks for usage in the stream', async () => {
    server.enqueue({ content: 'One two three', usage: { prompt_tokens: 11, completion_tokens: 3 } });
    const run = await runNode(chatModelNode, { config: { baseUrl: server.url, model: 'test-model', prompt: 'Count' }, credential });
    expect(run.outputs).toEqual({ text: 'One two three' });
    expect(run.tokens.length).toBeGreaterThan(1);
    expect(run.tokens.join('')).toBe('One two three');
    expect(lastBody()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(run.usage).toEqual([{ model: 'test-model', inputTokens: 11, outputTokens: 3 }]);
  });

  it('sends the incoming message when the prompt is empty', async () => {
    const run = await runNode(chatModelNode, { config: { baseUrl: server.url, model: 'test-model' }, credential, event: { text: 'hello there' } });
    expect(run.outputs).toEqual({ text: 'Echo: hello there' });
  });

  it('fails clearly when there is nothing to ask', async () => {
    await expect(runNode(chatModelNode, { config: { baseUrl: server.url, model: 'test-model' }, credential })).rejects.toThrow('nothing to ask');
    expect(server.requests).toEqual([]);
  });

  it('leaves memory alone when useMemory is off', async () => {
    const run = await runNode(chatModelNode, { config: { baseUrl: server.url, model: 'test-model', prompt: 'Hi', useMemory: false }, credential, memory });
    expect(lastBody()).toMatchObject({ messages: [{ role: 'user', content: 'Hi' }] });
    expect(run.memory).toEqual(memory);
  });

  it('sends only the latest memoryLimit turns, and the sampling settings', async () => {
    const config = { baseUrl: server.url, model: 'test-model', prompt: 'Hi', memoryLimit: 1, temperature: 0.2, maxTokens: 50, stream: false };
    await runNode(chatModelNode, { config, credential, memory });
    expect(lastBody()).toMatchObject({
      messages: [memory[1], { role: 'user', content: 'Hi' }],
      temperature: 0.2,
      max_tokens: 50,
    });
  });

  it('sends the credential\'s key, never retries, and explains a rejected key', async () => {
    const run = runNode(chatModelNode, { config: { baseUrl: server.url, model: 'test-model', prompt: 'Hi' }, credential: { apiKey: 'sk-wrong' } });
    await expect(run).rejects.toThrow(`${server.url} (model "test-model") rejected the API key (401: Incorrect API key provided.): check the API key of the node's credential`);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['Bearer sk-wrong']);
    // The engine must not retry it: another attempt would be refused the same way.
    await expect(run).rejects.toBeInstanceOf(PermanentNodeError);
  });

  it('says a credential is missing when a server wants a key', async () => {
    const run = runNode(chatModelNode, { config: { baseUrl: server.url, model: 'test-model', prompt: 'Hi' } });
    await expect(run).rejects.toThrow('this node has no credential: choose an "openai" credential with a valid API key');
  });

  it('explains an unknown model', async () => {
    const run = runNode(chatModelNode, { config: { baseUrl: server.url, model: 'gpt-nope', prompt: 'Hi' }, credential });
    await expect(run).rejects.toThrow(/\(model "gpt-nope"\): unknown model \(404: The model 'gpt-nope' does not exist.*\): check the model name/);
  });

  it('explains a wrong base URL', async () => {
    const baseUrl = server.url.replace(/\/v1$/, '/api');
    const run = runNode(chatModelNode, { config: { baseUrl, model: 'test-model', prompt: 'Hi' }, credential });
    await expect(run).rejects.toThrow(`${baseUrl} (model "test-model"): wrong base URL or unknown model (404: Invalid URL (POST /api/chat/completions)): check the base URL`);
  });

  it('asks whether the server is running when the connection is refused', async () => {
    const gone = await startOpenAIServer();
    await gone.close();
    const run = runNode(chatModelNode, { config: { baseUrl: gone.url, model: 'test-model', prompt: 'Hi' } });
    await expect(run).rejects.toThrow(`could not connect to ${gone.url} (ECONNREFUSED): is the server at ${gone.url} running`);
  });

  it('explains server errors and rate limits, once each when retries are off', async () => {
    const config = { baseUrl: server.url, model: 'test-model', prompt: 'Hi', stream: false, retries: 0 };
    server.enqueue({ status: 500 }, { status: 429 });
    await expect(runNode(chatModelNode, { config, credential })).rejects.toThrow(/failed \(500: .*\): a problem on the server's side/);
    await expect(runNode(chatModelNode, { config, credential })).rejects.toThrow(/is rate limiting or out of quota \(429: /);
    expect(server.requests).toHaveLength(2);
  });

  it('stops when the engine aborts it, with the engine\'s reason', async () => {
    server.enqueue({ delayMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => {
      controller.abort(new Error('timed out after 50 ms'));
    }, 50);
    const run = runNode(chatModelNode, { config: { baseUrl: server.url, model: 'test-model', prompt: 'Hi' }, credential, signal: controller.signal });
    await expect(run).rejects.toThrow('timed out after 50 ms');
  });

  it('fails on a credential without an API key', async () => {
    const run = runNode(chatModelNode, { config: { baseUrl: server.url, model: 'test-model', prompt: 'Hi' }, credential: { token: 'x' } });
    await expect(run).rejects.toThrow('the credential has no API key');
  });

  it('requires a model and a http(s) base URL', () => {
    const parse = (config: object): boolean => chatModelNode.definition.config.safeParse(config).success;
    expect(parse({ model: 'm' })).toBe(true);
    expect(parse({})).toBe(false);
    expect(parse({ model: '  ' })).toBe(false);
    expect(parse({ model: 'm', baseUrl: 'ftp://example.com' })).toBe(false);
  });
});
