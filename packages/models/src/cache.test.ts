import { startOpenAIServer, type OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseCache, cacheKey, canonicalJson } from './cache.ts';
import { createOpenAIProvider } from './openai.ts';
import type { ChatRequest, ChatResult } from './types.ts';

const answer = (text: string): ChatResult => ({ text, toolCalls: [], model: 'gpt-4o-mini', usage: { inputTokens: 10, outputTokens: 5 }, finishReason: 'stop' });

describe('cacheKey', () => {
  it('ignores key order and undefined members, and tells apart every part of the request', () => {
    const request: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], temperature: 0 };
    const reordered: ChatRequest = { temperature: 0, maxTokens: undefined, messages: [{ content: 'hi', role: 'user' }], model: 'gpt-4o-mini' };
    expect(cacheKey('http://a/v1', request)).toBe(cacheKey('http://a/v1', reordered));
    expect(cacheKey('http://a/v1', request)).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey('http://b/v1', request)).not.toBe(cacheKey('http://a/v1', request));
    expect(cacheKey('http://a/v1', { ...request, temperature: 1 })).not.toBe(cacheKey('http://a/v1', request));
    expect(cacheKey('http://a/v1', { ...request, model: 'gpt-4o' })).not.toBe(cacheKey('http://a/v1', request));
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true })).toBe('{"a":true,"b":[1,{"c":"x","d":null}]}');
  });
});

describe('ResponseCache', () => {
  it('answers a hit with zero usage, and keeps its own copy', () => {
    const cache = new ResponseCache();
    const stored = answer('hello');
    cache.set('k', stored);
    stored.text = 'changed after set';
    expect(cache.get('k')).toEqual({ ...answer('hello'), usage: { inputTokens: 0, outputTokens: 0 } });
    expect(cache.get('missing')).toBeUndefined();
  });

  it('evicts the least recently used entry', () => {
    const cache = new ResponseCache({ maxEntries: 2 });
    cache.set('a', answer('a'));
    cache.set('b', answer('b'));
    cache.get('a');
    cache.set('c', answer('c'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.text).toBe('a');
    expect(cache.get('c')?.text).toBe('c');
    expect(cache.size).toBe(2);
  });

  it('expires entries after the TTL', () => {
    let now = 1000;
    const cache = new ResponseCache({ ttlMs: 100, now: () => now });
    cache.set('k', answer('fresh'));
    now = 1099;
    expect(cache.get('k')?.text).toBe('fresh');
    now = 1100;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not store answers the provider cut short', () => {
    const cache = new ResponseCache();
    cache.set('filtered', { ...answer(''), finishReason: 'content_filter' });
    expect(cache.get('filtered')).toBeUndefined();
  });
});

describe('ResponseCache in front of a real provider', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer({ apiKey: 'sk-test' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('spares the second identical request', async () => {
    const provider = createOpenAIProvider({ id: 'openai', kind: 'openai', baseUrl: server.url, apiKey: 'sk-test' });
    const cache = new ResponseCache();
    const request: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'what are your hours?' }], temperature: 0 };
    const ask = async (): Promise<ChatResult> => {
      const key = cacheKey(provider.config.baseUrl, request);
      const hit = cache.get(key);
      if (hit) return hit;
      const result = await provider.chat(request);
      cache.set(key, result);
      return result;
    };
    const first = await ask();
    const second = await ask();
    expect(server.requests.filter((call) => call.path.endsWith('/chat/completions'))).toHaveLength(1);
    expect(second.text).toBe(first.text);
    expect(first.usage.inputTokens).toBeGreaterThan(0);
    expect(second.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
  });
});
