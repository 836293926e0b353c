import { describe, expect, it } from 'vitest';
import { costUsd, priceOf } from './pricing.ts';

describe('priceOf', () => {
  it('reads the preset table, snapshots included', () => {
    expect(priceOf('gpt-4o-mini', { presetId: 'openai' })).toEqual({ input: 0.15, output: 0.6 });
    expect(priceOf('gpt-4o-2024-08-06', { presetId: 'openai' })).toEqual({ input: 2.5, output: 10 });
    expect(priceOf('claude-haiku-4-5-20251001', { presetId: 'anthropic' })).toEqual({ input: 1, output: 5 });
  });

  it('has no price for an unknown model, a priceless preset model, or a custom provider', () => {
    expect(priceOf('gpt-9', { presetId: 'openai' })).toBeUndefined();
    expect(priceOf('qwen-plus', { presetId: 'dashscope' })).toBeUndefined();
    expect(priceOf('gpt-4o-mini', { presetId: 'custom' })).toBeUndefined();
    expect(priceOf('gpt-4o-mini')).toBeUndefined();
  });

  it('lets the operator override, by longest prefix, over the table', () => {
    const overrides = { 'gpt-4o': { input: 1, output: 2 }, 'gpt-4o-mini': { input: 0.01, output: 0.02 }, 'qwen-plus': { input: 0.11, output: 0.28 } };
    expect(priceOf('gpt-4o-2024-08-06', { presetId: 'openai', overrides })).toEqual({ input: 1, output: 2 });
    expect(priceOf('gpt-4o-mini-2024-07-18', { presetId: 'openai', overrides })).toEqual({ input: 0.01, output: 0.02 });
    expect(priceOf('qwen-plus', { presetId: 'dashscope', overrides })).toEqual({ input: 0.11, output: 0.28 });
    expect(priceOf('gpt-4.1', { presetId: 'openai', overrides })).toEqual({ input: 2, output: 8 });
  });
});

describe('costUsd', () => {
  it('is plain arithmetic on tokens and the per-million price', () => {
    expect(costUsd({ inputTokens: 1234, outputTokens: 567 }, { input: 0.15, output: 0.6 })).toBe(0.0001851 + 0.0003402);
    expect(costUsd({ inputTokens: 1234, outputTokens: 567 }, { input: 0.15, output: 0.6 })).toBeCloseTo(0.0005253, 12);
    expect(costUsd({ inputTokens: 1_000_000, outputTokens: 1_000_000 }, { input: 2.5, output: 10 })).toBe(12.5);
    expect(costUsd({ inputTokens: 0, outputTokens: 0 }, { input: 2.5, output: 10 })).toBe(0);
  });
});
