import { startAnthropicServer, startOpenAIServer, type AnthropicServer, type OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestApi, type ErrorAnswer, type TestApi } from './test-api.ts';

let api: TestApi;
let openai: OpenAIServer;
let anthropic: AnthropicServer;
let openaiKey: string;
let anthropicKey: string;

beforeAll(async () => {
  api = await startTestApi();
  openai = await startOpenAIServer({ apiKey: 'sk-check', models: ['gpt-4o-mini', 'gpt-4.1-mini'] });
  anthropic = await startAnthropicServer({ apiKey: 'sk-ant-check', models: ['claude-haiku-4-5'] });
  const store = async (name: string, apiKey: string): Promise<string> => {
    const created = await api.app.inject({ method: 'POST', url: '/api/v1/credentials', payload: { name, type: 'openai', secret: { apiKey } } });
    expect(created.statusCode).toBe(201);
    return created.json<{ id: string }>().id;
  };
  openaiKey = await store('check openai', 'sk-check');
  anthropicKey = await store('check anthropic', 'sk-ant-check');
}, 120_000);
afterAll(async () => {
  await Promise.all([api.close(), openai.close(), anthropic.close()]);
});

async function check(payload: object): Promise<unknown> {
  const answer = await api.app.inject({ method: 'POST', url: '/api/v1/models/check', payload });
  expect(answer.statusCode).toBe(200);
  return answer.json();
}

const Failed = z.object({ ok: z.literal(false), error: z.object({ kind: z.string(), message: z.string() }) });

/** "kind: message" of a failed check; the test fails if the check passed. */
function failure(answer: unknown): string {
  const { error } = Failed.parse(answer);
  return `${error.kind}: ${error.message}`;
}

describe('POST /api/v1/models/check', () => {
  it('lists the models of an OpenAI-compatible server with the stored key, and says whether the chosen one is there', async () => {
    expect(await check({ provider: 'custom', baseUrl: openai.url, credentialId: openaiKey, model: 'gpt-4o-mini-2024-07-18' })).toEqual({ ok: true, models: ['gpt-4.1-mini', 'gpt-4o-mini'], modelKnown: true });
    expect(await check({ provider: 'custom', baseUrl: openai.url, credentialId: openaiKey, model: 'gpt-5-turbo' })).toMatchObject({ ok: true, modelKnown: false });
  });

  it('lists an Anthropic server\'s models', async () => {
    expect(await check({ provider: 'anthropic', baseUrl: anthropic.url, credentialId: anthropicKey })).toEqual({ ok: true, models: ['claude-haiku-4-5'] });
  });

  it('explains a refused key, a wrong address and a server that is not there', async () => {
    expect(failure(await check({ provider: 'custom', baseUrl: openai.url }))).toMatch(/^auth: .*rejected the API key.*this node has no credential/);
    expect(failure(await check({ provider: 'custom', baseUrl: openai.url.replace(/\/v1$/, '/api'), credentialId: openaiKey }))).toMatch(/^not_found: .*wrong base URL/);
    const gone = await startOpenAIServer();
    await gone.close();
    expect(failure(await check({ provider: 'custom', baseUrl: gone.url }))).toMatch(/^connection: could not connect to .* \(ECONNREFUSED\)/);
    expect(failure(await check({ provider: 'custom' }))).toContain('fill in the base URL');
  });

  it('refuses bad input with what to fix', async () => {
    const bad = await api.app.inject({ method: 'POST', url: '/api/v1/models/check', payload: { provider: 'custom', baseUrl: 'ftp://x', credentialId: 'nope' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorAnswer>().error.message).toMatch(/baseUrl: baseUrl must be an http\(s\) address; credentialId: credentialId must be the id of a stored credential/);
    const missing = await api.app.inject({ method: 'POST', url: '/api/v1/models/check', payload: { provider: 'openai', credentialId: '00000000-0000-4000-8000-000000000000' } });
    expect(missing.statusCode).toBe(404);
  });
});
