import { startOpenAIServer, type OpenAIServer } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUMMARY_PREFIX, isSummary, planCompression, summarise, summaryTurn, truncate } from './compress.ts';
import { createOpenAIProvider } from './openai.ts';
import { estimateMessages } from './tokens.ts';
import type { ChatMessage, ChatProvider } from './types.ts';

const history: ChatMessage[] = [
  { role: 'user', content: 'Hi, I am Ada and I live in Lyon.' },
  { role: 'assistant', content: 'Hello Ada! How can I help?' },
  { role: 'user', content: 'I want to move my delivery of order 4411 to Friday.' },
  { role: 'assistant', content: 'Done: order 4411 now arrives on Friday.' },
  { role: 'user', content: 'Can it come before noon?' },
  { role: 'assistant', content: 'I will ask the courier and let you know.' },
];

describe('planCompression', () => {
  const used = estimateMessages(history);
  const base = { contextWindow: 1000, threshold: 0.5, keepRecent: 2 };

  it('compresses exactly at the threshold, and not one token below', () => {
    expect(planCompression(history, { ...base, reserveTokens: 499 - used })).toBeUndefined();
    const plan = planCompression(history, { ...base, reserveTokens: 500 - used });
    expect(plan?.older).toEqual(history.slice(0, 4));
    expect(plan?.recent).toEqual(history.slice(4));
    expect(plan?.previousSummary).toBeUndefined();
  });

  it('has nothing to do when every turn is recent', () => {
    expect(planCompression(history, { ...base, keepRecent: 6, reserveTokens: 1000 })).toBeUndefined();
  });

  it('keeps tool results with the call they answer', () => {
    const withTools: ChatMessage[] = [
      { role: 'user', content: 'where is 4411?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'track', arguments: { order: 4411 } }] },
      { role: 'tool', toolCallId: 'c1', name: 'track', content: 'in Lyon depot' },
      { role: 'assistant', content: 'It is at the Lyon depot.' },
    ];
    const plan = planCompression(withTools, { ...base, keepRecent: 2, reserveTokens: 1000 });
    expect(plan?.older).toEqual(withTools.slice(0, 1));
    expect(plan?.recent).toEqual(withTools.slice(1));
  });

  it('splits out an earlier summary to be folded into the next one', () => {
    const summarised = [summaryTurn('Ada from Lyon asked about order 4411.'), ...history];
    const plan = planCompression(summarised, { ...base, reserveTokens: 1000 });
    expect(plan?.previousSummary).toBe('Ada from Lyon asked about order 4411.');
    expect(plan?.older).toEqual(history.slice(0, 4));
  });
});

describe('truncate', () => {
  it('keeps the history while under the threshold', () => {
    expect(truncate(history, { contextWindow: 100_000, threshold: 0.75, keepRecent: 2, reserveTokens: 0 })).toEqual(history);
  });

  it('drops the older turns once over it', () => {
    const used = estimateMessages(history);
    expect(truncate(history, { contextWindow: used, threshold: 1, keepRecent: 2, reserveTokens: 0 })).toEqual(history.slice(4));
  });

  it('drops recent turns too when they alone are too long, keeping the latest', () => {
    expect(truncate(history, { contextWindow: 10, threshold: 1, keepRecent: 4, reserveTokens: 0 })).toEqual(history.slice(5));
  });
});

describe('summaries', () => {
  it('are recognised by their prefix', () => {
    const turn = summaryTurn('Ada lives in Lyon.');
    expect(turn.content.startsWith(SUMMARY_PREFIX)).toBe(true);
    expect(isSummary(turn)).toBe(true);
    expect(isSummary({ role: 'user', content: turn.content })).toBe(false);
    expect(isSummary({ role: 'system', content: 'You are a helpful bot.' })).toBe(false);
  });
});

describe('summarise with a real provider', () => {
  let server: OpenAIServer;
  let provider: ChatProvider;
  beforeAll(async () => {
    server = await startOpenAIServer({ apiKey: 'sk-test', models: ['gpt-4o-mini'] });
    provider = createOpenAIProvider({ id: 'openai', kind: 'openai', baseUrl: server.url, apiKey: 'sk-test' });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
  });

  it('turns the older turns into one system memory turn', async () => {
    const plan = planCompression(history, { contextWindow: 1000, threshold: 0.5, keepRecent: 2, reserveTokens: 1000 });
    if (plan === undefined) throw new Error('expected a plan');
    const { summary, turn, usage } = await summarise(provider, 'gpt-4o-mini', plan.older);
    // The local server echoes the last user message: the transcript it was asked to summarise.
    expect(summary).toContain('User: Hi, I am Ada and I live in Lyon.');
    expect(summary).toContain('Assistant: Done: order 4411 now arrives on Friday.');
    expect(summary).not.toContain('Can it come before noon?');
    expect(turn).toEqual({ role: 'system', content: `${SUMMARY_PREFIX}\n${summary}` });
    expect(usage.inputTokens).toBeGreaterThan(0);
    const compressed = [turn, ...plan.recent];
    expect(isSummary(compressed[0] ?? { role: 'user', content: '' })).toBe(true);
    expect(compressed).toHaveLength(3);
  });

  it('folds the previous summary into the new one', async () => {
    const summarised = [summaryTurn('Ada from Lyon asked about order 4411.'), ...history];
    const plan = planCompression(summarised, { contextWindow: 1000, threshold: 0.5, keepRecent: 2, reserveTokens: 1000 });
    if (plan === undefined) throw new Error('expected a plan');
    const { summary } = await summarise(provider, 'gpt-4o-mini', plan.older, { previousSummary: plan.previousSummary });
    expect(summary).toContain('Earlier summary:\nAda from Lyon asked about order 4411.');
    expect(summary.match(new RegExp(SUMMARY_PREFIX, 'g'))).toBeNull();
    const sent = JSON.stringify(server.requests.at(-1)?.body);
    expect(sent).toContain('names of people');
  });

  it('refuses an empty summary', async () => {
    server.enqueue({ content: '   ' });
    await expect(summarise(provider, 'gpt-4o-mini', history)).rejects.toThrow(/empty summary/);
  });
});
