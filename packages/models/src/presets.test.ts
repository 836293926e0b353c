import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTEXT_WINDOW, PRESETS, contextWindowOf, defaultModel, findPreset, matchModelId } from './presets.ts';

describe('presets', () => {
  it('lists every provider an operator picks from, each with a unique id', () => {
    const ids = PRESETS.map((preset) => preset.id);
    expect(ids).toEqual(['openai', 'anthropic', 'deepseek', 'gemini', 'ollama', 'vllm', 'openrouter', 'dashscope', 'moonshot', 'zhipu', 'siliconflow', 'custom']);
    expect(findPreset('anthropic')).toMatchObject({ kind: 'anthropic', baseUrl: 'https://api.anthropic.com', needsKey: true });
    expect(findPreset('ollama')).toMatchObject({ kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', needsKey: false });
    expect(findPreset('custom')?.baseUrl).toBe('');
    expect(findPreset('nope')).toBeUndefined();
  });

  it('gives every model a positive context window and non-negative prices', () => {
    for (const preset of PRESETS) {
      const modelIds = preset.models.map((model) => model.id);
      expect(new Set(modelIds).size).toBe(modelIds.length);
      for (const model of preset.models) {
        expect(model.contextWindow).toBeGreaterThan(0);
        if (model.price) {
          expect(model.price.input).toBeGreaterThanOrEqual(0);
          expect(model.price.output).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  it('never defaults to a model being retired', () => {
    expect(defaultModel('openai')).toBe('gpt-4o-mini');
    expect(defaultModel('anthropic')).toBe('claude-haiku-4-5');
    expect(defaultModel('vllm')).toBeUndefined();
    expect(defaultModel('nope')).toBeUndefined();
    for (const preset of PRESETS) {
      const id = defaultModel(preset.id);
      expect(preset.models.find((model) => model.id === id)?.retiresOn).toBeUndefined();
    }
  });

  it('matches snapshots and tags to their family, at a separator only', () => {
    const ids = ['gpt-4o', 'gpt-4o-mini', 'llama3.2'];
    expect(matchModelId('gpt-4o-2024-08-06', ids)).toBe('gpt-4o');
    expect(matchModelId('gpt-4o-mini-2024-07-18', ids)).toBe('gpt-4o-mini');
    expect(matchModelId('llama3.2:3b', ids)).toBe('llama3.2');
    expect(matchModelId('gpt-4oo', ids)).toBeUndefined();
    expect(matchModelId('llama3.21', ids)).toBeUndefined();
  });

  it('finds a context window in the preset, in another preset, or falls back to the default', () => {
    expect(contextWindowOf('openai', 'gpt-4o-mini')).toBe(128_000);
    expect(contextWindowOf('anthropic', 'claude-haiku-4-5-20251001')).toBe(200_000);
    expect(contextWindowOf('custom', 'gpt-4.1')).toBe(1_047_576);
    expect(contextWindowOf('ollama', 'llama3.2:3b')).toBe(4096);
    expect(contextWindowOf('vllm', 'my-finetune')).toBe(DEFAULT_CONTEXT_WINDOW);
    expect(DEFAULT_CONTEXT_WINDOW).toBe(8192);
  });
});
