import { PermanentNodeError } from '@switchboard/flow-schema';
import type { ChatTurn, Persona } from '@switchboard/flow-schema';
import { SUMMARY_PREFIX, responseCache } from '@switchboard/models';
import { startOpenAIServer, type OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import type { z } from 'zod';
import type { chatModelDefinition } from './definition.ts';
import { chatModelNode } from './run.ts';

type ChatConfig = z.input<typeof chatModelDefinition.config>;

function backupAt(baseUrl: string): ChatConfig['fallbacks'] {
  return [{ provider: 'custom', model: 'backup-model', baseUrl }];
}

const credential = { apiKey: 'sk-test' };
let primary: OpenAIServer;
let backup: OpenAIServer;

beforeAll(async () => {
  primary = await startOpenAIServer({ apiKey: 'sk-test' });
  backup = await startOpenAIServer({ apiKey: 'sk-test' });
});
afterAll(async () => {
  await Promise.all([primary.close(), backup.close()]);
});
beforeEach(() => {
  primary.reset();
  backup.reset();
  responseCache.clear();
});

const base = { provider: 'custom', model: 'primary-model', prompt: 'Hi', stream: false } as const;

describe('model.chat: retries, fallback and rate limits', () => {
  it('falls back to the next model after a 500, and shows the failed attempt in its output', async () => {
    primary.enqueue({ status: 500 });
    const config = { ...base, baseUrl: primary.url, retries: 0, fallbacks: backupAt(backup.url) };
    const run = await runNode(chatModelNode, { config, credential });
    expect(run.outputs?.text).toBe('Echo: Hi');
    expect(primary.requests).toHaveLength(1);
    expect(backup.requests.map((request) => request.body)).toMatchObject([{ model: 'backup-model' }]);
    expect(run.outputs?.attempts).toMatchObject([{ provider: 'custom', model: 'primary-model' }, { model: 'backup-model' }]);
    expect(JSON.stringify(run.outputs?.attempts)).toContain('(model \\"primary-model\\") failed (500: ');
    expect(run.usage[0]?.model).toBe('backup-model');
  });

  it('falls back to another provider with its own credential', async () => {
    const other = await startOpenAIServer({ apiKey: 'sk-other-provider' });
    try {
      primary.enqueue({ status: 503 });
      const config: ChatConfig = { ...base, baseUrl: primary.url, retries: 0, fallbacks: [{ provider: 'custom', model: 'other-model', baseUrl: other.url, credentialId: 'other-key' }] };
      const run = await runNode(chatModelNode, { config, credential, credentials: { 'other-key': { apiKey: 'sk-other-provider' } } });
      expect(run.outputs?.text).toBe('Echo: Hi');
      expect(primary.requests.map((request) => request.headers.authorization)).toEqual(['Bearer sk-test']);
      expect(other.requests.map((request) => request.headers.authorization)).toEqual(['Bearer sk-other-provider']);
      // A fallback whose credential is gone is a configuration error that says so.
      primary.enqueue({ status: 503 });
      await expect(runNode(chatModelNode, { config, credential })).rejects.toThrow("a fallback's credential other-key does not exist any more");
    } finally {
      await other.close();
    }
  });

  it('falls back after a timeout', async () => {
    primary.enqueue({ delayMs: 5_000 });
    const config = { ...base, baseUrl: primary.url, retries: 0, attemptTimeoutMs: 1_000, fallbacks: backupAt(backup.url) };
    const run = await runNode(chatModelNode, { config, credential });
    expect(run.outputs?.text).toBe('Echo: Hi');
    expect(run.outputs?.attempts).toMatchObject([{ model: 'primary-model' }, { model: 'backup-model' }]);
    expect(JSON.stringify(run.outputs?.attempts)).toContain('(model \\"primary-model\\") did not answer within 1000 ms');
  });

  it('waits out a 429 for as long as Retry-After says, then answers', async () => {
    primary.enqueue({ status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const run = await runNode(chatModelNode, { config: { ...base, baseUrl: primary.url, retries: 1 }, credential });
    expect(run.outputs?.text).toBe('Echo: Hi');
    expect(primary.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('fails with every attempt named when the whole chain fails, and the engine does not retry it', async () => {
    primary.enqueue({ status: 500 });
    backup.enqueue({ status: 503 });
    const config = { ...base, baseUrl: primary.url, retries: 0, fallbacks: backupAt(backup.url) };
    const run = runNode(chatModelNode, { config, credential });
    await expect(run).rejects.toThrow(/primary-model.*500[\s\S]*backup-model.*503/);
    await expect(run).rejects.toBeInstanceOf(PermanentNodeError);
  });
});

describe('model.chat: cost', () => {
  it('records the cost the price table gives: tokens times the price per million', async () => {
    primary.enqueue({ usage: { prompt_tokens: 1_234, completion_tokens: 567 } });
    const run = await runNode(chatModelNode, { config: { ...base, provider: 'openai', baseUrl: primary.url, model: 'gpt-4o-mini' }, credential });
    // gpt-4o-mini: $0.15 per million input tokens, $0.60 per million output tokens.
    expect(run.usage).toEqual([{ model: 'gpt-4o-mini', inputTokens: 1_234, outputTokens: 567, costUsd: (1_234 * 0.15) / 1e6 + (567 * 0.6) / 1e6 }]);
  });

  it('uses the operator\'s prices over the table, and records no cost for a model without a price', async () => {
    primary.enqueue({ usage: { prompt_tokens: 1_000, completion_tokens: 2_000 } }, { usage: { prompt_tokens: 10, completion_tokens: 10 } });
    const prices = [{ model: 'gpt-4o-mini', input: 1, output: 2 }];
    const priced = await runNode(chatModelNode, { config: { ...base, provider: 'openai', baseUrl: primary.url, model: 'gpt-4o-mini', prices }, credential });
    expect(priced.usage[0]?.costUsd).toBe((1_000 * 1) / 1e6 + (2_000 * 2) / 1e6);
    const unpriced = await runNode(chatModelNode, { config: { ...base, baseUrl: primary.url }, credential });
    expect(unpriced.usage[0]).not.toHaveProperty('costUsd');
  });

  it('answers an identical request from the cache at no cost when caching is on', async () => {
    const config = { ...base, baseUrl: primary.url, cache: true };
    const first = await runNode(chatModelNode, { config, credential });
    const second = await runNode(chatModelNode, { config, credential });
    expect(second.outputs?.text).toBe(first.outputs?.text);
    expect(second.outputs?.cached).toBe(true);
    expect(second.usage).toEqual([{ model: 'primary-model', inputTokens: 0, outputTokens: 0, costUsd: 0 }]);
    expect(primary.requests).toHaveLength(1);
  });
});

describe('model.chat: budget', () => {
  const budget = { ...base, provider: 'openai', model: 'gpt-4o-mini', dailyBudgetUsd: 1 } as const;

  it('answers with the fixed reply, without calling the model, once the flow spent its budget', async () => {
    const run = await runNode(chatModelNode, {
      config: { ...budget, baseUrl: primary.url, budgetReply: 'Out of budget today.' },
      credential,
      services: { spentToday: () => Promise.resolve(1.25) },
    });
    expect(run.outputs).toEqual({ text: 'Out of budget today.', budget: { spentUsd: 1.25, limitUsd: 1, action: 'reply' } });
    expect(primary.requests).toEqual([]);
  });

  it('stops the run with a clear error when told to', async () => {
    const run = runNode(chatModelNode, { config: { ...budget, baseUrl: primary.url, onBudget: 'stop' }, credential, services: { spentToday: () => Promise.resolve(1) } });
    await expect(run).rejects.toThrow('this flow has spent $1.0000 of its $1.00 daily model budget');
    expect(primary.requests).toEqual([]);
  });

  it('switches to the cheaper model when told to', async () => {
    const config: ChatConfig = { ...budget, baseUrl: primary.url, onBudget: 'cheaper', cheaperModel: 'cheap-model', prices: [{ model: 'cheap-model', input: 0.01, output: 0.02 }] };
    const run = await runNode(chatModelNode, { config, credential, services: { spentToday: () => Promise.resolve(2) } });
    expect(primary.requests.map((request) => request.body)).toMatchObject([{ model: 'cheap-model' }]);
    expect(run.outputs?.budget).toMatchObject({ action: 'cheaper', model: 'cheap-model' });
  });

  it('refuses a budget it could not count: a model without a price', async () => {
    const run = runNode(chatModelNode, { config: { ...budget, baseUrl: primary.url, model: 'local-llama' }, credential, services: { spentToday: () => Promise.resolve(0) } });
    await expect(run).rejects.toThrow('this node has a daily budget, but no price for "local-llama": add it under Prices');
    expect(primary.requests).toEqual([]);
  });

  it('calls the model while under the budget', async () => {
    const run = await runNode(chatModelNode, { config: { ...budget, baseUrl: primary.url }, credential, services: { spentToday: () => Promise.resolve(0.99) } });
    expect(run.outputs).toEqual({ text: 'Echo: Hi' });
  });
});

describe('model.chat: memory compression', () => {
  // Forty turns of ~400 characters: ~4,000 tokens of history by the estimate.
  const long: ChatTurn[] = Array.from({ length: 40 }, (_, index) => ({ role: index % 2 === 0 ? 'user' : 'assistant', content: `turn ${index} ${'lorem ipsum '.repeat(33)}` }));
  const settings = { ...base, memoryLimit: 100, keepRecent: 4 };

  it('summarises the older turns once the history passes its share of the context window, and stores the summary', async () => {
    primary.enqueue({ content: 'Ada asked about lorem ipsum forty times.', usage: { prompt_tokens: 4_000, completion_tokens: 10 } });
    const run = await runNode(chatModelNode, { config: { ...settings, baseUrl: primary.url, contextWindow: 4_000, compressAt: 0.5 }, credential, memory: long });
    expect(primary.requests).toHaveLength(2);
    expect(JSON.stringify(primary.requests[0]?.body)).toContain('turn 0 ');
    expect(run.memory[0]?.role).toBe('system');
    expect(run.memory[0]?.content).toContain('Ada asked about lorem ipsum forty times.');
    expect(run.memory[0]?.content.startsWith(SUMMARY_PREFIX)).toBe(true);
    expect(run.memory.slice(1, 5)).toEqual(long.slice(-4));
    expect(run.memory).toHaveLength(1 + 4 + 2);
    expect(run.outputs?.summary).toBe(run.memory[0]?.content);
    // The answer was asked with the summary and the recent turns only.
    const sent = JSON.stringify(primary.requests[1]?.body);
    expect(sent).toContain('Ada asked about lorem ipsum forty times.');
    expect(sent).not.toContain('turn 0 ');
    expect(sent).toContain('turn 39 ');
    expect(run.usage).toHaveLength(2);
  });

  it('keeps the latest summary whatever the window, and folds it and the turns beyond the window into the next one', async () => {
    const earlier: ChatTurn = { role: 'system', content: `${SUMMARY_PREFIX}\nAda has a peanut allergy.` };
    const memory = [earlier, ...long];
    // Under the threshold: the summary goes along although it is older than the last 10 turns.
    await runNode(chatModelNode, { config: { ...settings, baseUrl: primary.url, memoryLimit: 10, contextWindow: 100_000 }, credential, memory });
    expect(JSON.stringify(primary.requests[0]?.body)).toContain('Ada has a peanut allergy.');
    primary.reset();
    // Over it: the summary request carries the earlier summary and the turns beyond the window too.
    primary.enqueue({ content: 'Ada (peanut allergy) asked about lorem ipsum.' });
    const run = await runNode(chatModelNode, { config: { ...settings, baseUrl: primary.url, memoryLimit: 10, contextWindow: 2_000, compressAt: 0.5 }, credential, memory });
    const asked = JSON.stringify(primary.requests[0]?.body);
    expect(asked).toContain('Ada has a peanut allergy.');
    expect(asked).toContain('turn 0 ');
    expect(run.memory[0]?.content).toContain('Ada (peanut allergy) asked about lorem ipsum.');
    expect(run.memory.filter((turn) => turn.content.startsWith(SUMMARY_PREFIX))).toHaveLength(1);
  });

  it('drops the older turns instead of failing when the summary cannot be made', async () => {
    primary.enqueue({ status: 400 });
    const run = await runNode(chatModelNode, { config: { ...settings, baseUrl: primary.url, contextWindow: 4_000, compressAt: 0.5 }, credential, memory: long });
    expect(run.outputs?.text).toBe('Echo: Hi');
    expect(run.outputs?.compression).toMatch(/^could not summarise the conversation, so its older turns were dropped: .*400/);
    expect(run.memory.slice(0, 4)).toEqual(long.slice(-4));
  });

  it('leaves the history alone below the threshold', async () => {
    const run = await runNode(chatModelNode, { config: { ...settings, baseUrl: primary.url, contextWindow: 100_000, compressAt: 0.5 }, credential, memory: long });
    expect(primary.requests).toHaveLength(1);
    expect(run.memory).toHaveLength(42);
    expect(run.outputs).not.toHaveProperty('summary');
  });

  it('drops the older turns without a model call when set to truncate', async () => {
    const run = await runNode(chatModelNode, { config: { ...settings, baseUrl: primary.url, contextWindow: 4_000, compressAt: 0.5, compression: 'truncate' }, credential, memory: long });
    expect(primary.requests).toHaveLength(1);
    expect(run.memory.slice(0, 4)).toEqual(long.slice(-4));
  });
});

describe('model.chat: persona, structured output, images', () => {
  const pirate: Persona = { id: 'p1', name: 'Pirate', systemPrompt: 'You are a pirate.', style: 'Short, salty sentences.' };
  const services = { persona: (ref?: string) => Promise.resolve(ref === undefined || ref.toLowerCase() === 'pirate' ? pirate : undefined) };

  it('puts the persona and its style before the node\'s instructions', async () => {
    await runNode(chatModelNode, { config: { ...base, baseUrl: primary.url, persona: 'pirate', systemPrompt: 'Answer in English.' }, credential, services });
    expect(primary.requests[0]?.body).toMatchObject({ messages: [{ role: 'system', content: 'You are a pirate.\n\nStyle: Short, salty sentences.\n\nAnswer in English.' }, { role: 'user', content: 'Hi' }] });
  });

  it('uses the persona the conversation switched to, else the channel\'s', async () => {
    await runNode(chatModelNode, { config: { ...base, baseUrl: primary.url }, credential, services, vars: { persona: 'Pirate' } });
    await runNode(chatModelNode, { config: { ...base, baseUrl: primary.url }, credential, services });
    const system = { role: 'system', content: 'You are a pirate.\n\nStyle: Short, salty sentences.' };
    expect(primary.requests.map((request) => request.body)).toMatchObject([{ messages: [system, { role: 'user' }] }, { messages: [system, { role: 'user' }] }]);
  });

  it('passes over a persona the conversation switched to that was deleted since, and uses the channel\'s', async () => {
    const channelOnly = { persona: (ref?: string) => Promise.resolve(ref === undefined ? pirate : undefined) };
    await runNode(chatModelNode, { config: { ...base, baseUrl: primary.url }, credential, services: channelOnly, vars: { persona: 'deleted-id' } });
    expect(primary.requests[0]?.body).toMatchObject({ messages: [{ role: 'system', content: 'You are a pirate.\n\nStyle: Short, salty sentences.' }, { role: 'user' }] });
  });

  it('says which persona is missing', async () => {
    const run = runNode(chatModelNode, { config: { ...base, baseUrl: primary.url, persona: 'Ninja' }, credential, services });
    await expect(run).rejects.toThrow('no persona "Ninja" in the library');
  });

  it('asks for JSON matching the schema and outputs it parsed', async () => {
    primary.enqueue({ content: '{"city":"Paris","days":3}' });
    const schema = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'], additionalProperties: false };
    const run = await runNode(chatModelNode, { config: { ...base, baseUrl: primary.url, responseSchema: JSON.stringify(schema) }, credential });
    expect(run.outputs?.json).toEqual({ city: 'Paris', days: 3 });
    expect(primary.requests[0]?.body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { schema } } });
  });

  it('refuses a response schema that is not JSON', async () => {
    const run = runNode(chatModelNode, { config: { ...base, baseUrl: primary.url, responseSchema: '{ city: string }' }, credential });
    await expect(run).rejects.toThrow('the response schema is not JSON');
  });

  it('sends images along with the prompt: listed URLs and the message\'s own, fetched through its channel', async () => {
    const payload = { message: { attachments: [{ kind: 'image', ref: 'file-1', mimeType: 'image/png' }, { kind: 'voice', ref: 'file-2' }] } };
    const download = (attachment: { ref: string }) => Promise.resolve({ bytes: new TextEncoder().encode(`bytes of ${attachment.ref}`), mimeType: 'image/png' });
    await runNode(chatModelNode, {
      config: { ...base, baseUrl: primary.url, imageUrls: 'https://example.com/cat.jpg' },
      credential,
      event: { payload },
      services: { download },
    });
    expect(primary.requests[0]?.body).toMatchObject({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hi' },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from('bytes of file-1').toString('base64')}` } },
          ],
        },
      ],
    });
  });
});
