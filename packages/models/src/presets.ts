/**
 * The providers an operator picks from. Loaded by the browser's config form as well as the server,
 * so this file is data only: no SDK, no node: imports.
 */
import type { Price, ProviderKind } from './types.ts';

export interface PresetModel {
  id: string;
  /** Tokens the model accepts (input and output together), as the vendor lists it. */
  contextWindow: number;
  /** USD per million tokens; absent when we do not know it (no budget estimate then). */
  price?: Price;
  /** The vendor's announced retirement date (YYYY-MM-DD): still selectable, never a default. */
  retiresOn?: string;
}

export interface ProviderPreset {
  id: string;
  title: string;
  kind: ProviderKind;
  /** The SDK's base URL; '' for `custom`, where the operator must give one. */
  baseUrl: string;
  needsKey: boolean;
  /** The first model is the default; an empty list means the server decides (vLLM, custom). */
  models: PresetModel[];
  docsUrl?: string;
}

/** What contextWindowOf answers for a model nobody lists: small enough to be safe almost anywhere. */
export const DEFAULT_CONTEXT_WINDOW = 8192;

const OPENAI_MODELS: PresetModel[] = [
  { id: 'gpt-4o-mini', contextWindow: 128_000, price: { input: 0.15, output: 0.6 } },
  { id: 'gpt-4.1-mini', contextWindow: 1_047_576, price: { input: 0.4, output: 1.6 } },
  { id: 'gpt-4.1-nano', contextWindow: 1_047_576, price: { input: 0.1, output: 0.4 } },
  { id: 'gpt-4.1', contextWindow: 1_047_576, price: { input: 2, output: 8 } },
  { id: 'gpt-4o', contextWindow: 128_000, price: { input: 2.5, output: 10 } },
  { id: 'gpt-5', contextWindow: 400_000, price: { input: 1.25, output: 10 } },
  { id: 'gpt-5-mini', contextWindow: 400_000, price: { input: 0.25, output: 2 } },
  { id: 'gpt-5-nano', contextWindow: 400_000, price: { input: 0.05, output: 0.4 } },
  { id: 'o4-mini', contextWindow: 200_000, price: { input: 1.1, output: 4.4 } },
  { id: 'o3-mini', contextWindow: 200_000, price: { input: 1.1, output: 4.4 } },
];

const ANTHROPIC_MODELS: PresetModel[] = [
  { id: 'claude-haiku-4-5', contextWindow: 200_000, price: { input: 1, output: 5 } },
  { id: 'claude-sonnet-4-5', contextWindow: 200_000, price: { input: 3, output: 15 }, retiresOn: '2026-11-30' },
  { id: 'claude-opus-4-5', contextWindow: 200_000, price: { input: 5, output: 25 }, retiresOn: '2026-11-30' },
  // Named in @anthropic-ai/sdk 1.13's model list; no price here until one is confirmed (set it under Prices).
  { id: 'claude-sonnet-4-6', contextWindow: 200_000 },
  { id: 'claude-opus-4-6', contextWindow: 200_000 },
  { id: 'claude-sonnet-5', contextWindow: 200_000 },
  { id: 'claude-opus-5', contextWindow: 200_000 },
];

// Ollama's OpenAI endpoint runs with its own default context (num_ctx), far below the models'
// maximum, and silently drops what does not fit: compress against that, not the model card.
const OLLAMA_CONTEXT = 4096;
const ON_YOUR_HARDWARE: Price = { input: 0, output: 0 };

export const PRESETS: readonly ProviderPreset[] = [
  { id: 'openai', title: 'OpenAI', kind: 'openai', baseUrl: 'https://api.openai.com/v1', needsKey: true, models: OPENAI_MODELS, docsUrl: 'https://platform.openai.com/docs/models' },
  {
    id: 'anthropic',
    title: 'Anthropic',
    kind: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    needsKey: true,
    models: ANTHROPIC_MODELS,
    docsUrl: 'https://docs.anthropic.com/en/docs/about-claude/models/overview',
  },
  {
    id: 'deepseek',
    title: 'DeepSeek',
    kind: 'openai',
    baseUrl: 'https://api.deepseek.com/v1',
    needsKey: true,
    // Cache-miss input price; cached input is cheaper, so this errs on the high side.
    models: [
      { id: 'deepseek-chat', contextWindow: 128_000, price: { input: 0.28, output: 0.42 } },
      { id: 'deepseek-reasoner', contextWindow: 128_000, price: { input: 0.28, output: 0.42 } },
    ],
    docsUrl: 'https://api-docs.deepseek.com/quick_start/pricing',
  },
  {
    id: 'gemini',
    title: 'Google Gemini',
    kind: 'openai',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    needsKey: true,
    models: [
      { id: 'gemini-2.5-flash', contextWindow: 1_048_576, price: { input: 0.3, output: 2.5 } },
      { id: 'gemini-2.5-flash-lite', contextWindow: 1_048_576, price: { input: 0.1, output: 0.4 } },
      // The price for prompts up to 200k tokens; longer prompts cost double.
      { id: 'gemini-2.5-pro', contextWindow: 1_048_576, price: { input: 1.25, output: 10 } },
    ],
    docsUrl: 'https://ai.google.dev/gemini-api/docs/openai',
  },
  {
    id: 'ollama',
    title: 'Ollama (local)',
    kind: 'openai',
    baseUrl: 'http://127.0.0.1:11434/v1',
    needsKey: false,
    models: [
      { id: 'llama3.2', contextWindow: OLLAMA_CONTEXT, price: ON_YOUR_HARDWARE },
      { id: 'llama3.1', contextWindow: OLLAMA_CONTEXT, price: ON_YOUR_HARDWARE },
      { id: 'qwen2.5', contextWindow: OLLAMA_CONTEXT, price: ON_YOUR_HARDWARE },
      { id: 'gemma3', contextWindow: OLLAMA_CONTEXT, price: ON_YOUR_HARDWARE },
      { id: 'mistral', contextWindow: OLLAMA_CONTEXT, price: ON_YOUR_HARDWARE },
    ],
    docsUrl: 'https://github.com/ollama/ollama/blob/main/docs/openai.md',
  },
  { id: 'vllm', title: 'vLLM (local)', kind: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', needsKey: false, models: [], docsUrl: 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html' },
  {
    id: 'openrouter',
    title: 'OpenRouter',
    kind: 'openai',
    baseUrl: 'https://openrouter.ai/api/v1',
    needsKey: true,
    models: [
      { id: 'openai/gpt-4o-mini', contextWindow: 128_000, price: { input: 0.15, output: 0.6 } },
      { id: 'openai/gpt-4.1-mini', contextWindow: 1_047_576, price: { input: 0.4, output: 1.6 } },
      { id: 'anthropic/claude-haiku-4.5', contextWindow: 200_000, price: { input: 1, output: 5 } },
      { id: 'google/gemini-2.5-flash', contextWindow: 1_048_576, price: { input: 0.3, output: 2.5 } },
    ],
    docsUrl: 'https://openrouter.ai/models',
  },
  // The Chinese vendors below bill in CNY with tiered prices: no USD price, set an override to budget.
  {
    id: 'dashscope',
    title: 'Alibaba DashScope (Qwen)',
    kind: 'openai',
    baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    needsKey: true,
    models: [
      { id: 'qwen-plus', contextWindow: 131_072 },
      { id: 'qwen-max', contextWindow: 32_768 },
      { id: 'qwen-turbo', contextWindow: 131_072 },
    ],
    docsUrl: 'https://help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope',
  },
  {
    id: 'moonshot',
    title: 'Moonshot (Kimi)',
    kind: 'openai',
    baseUrl: 'https://api.moonshot.cn/v1',
    needsKey: true,
    models: [
      { id: 'moonshot-v1-8k', contextWindow: 8192 },
      { id: 'moonshot-v1-32k', contextWindow: 32_768 },
      { id: 'moonshot-v1-128k', contextWindow: 131_072 },
    ],
    docsUrl: 'https://platform.moonshot.cn/docs',
  },
  {
    id: 'zhipu',
    title: 'Zhipu (GLM)',
    kind: 'openai',
    baseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    needsKey: true,
    models: [
      { id: 'glm-4-flash', contextWindow: 128_000 },
      { id: 'glm-4-plus', contextWindow: 128_000 },
      { id: 'glm-4.5', contextWindow: 128_000 },
      { id: 'glm-4.5-air', contextWindow: 128_000 },
    ],
    docsUrl: 'https://open.bigmodel.cn/dev/api',
  },
  {
    id: 'siliconflow',
    title: 'SiliconFlow',
    kind: 'openai',
    baseUrl: 'https://api.siliconflow.cn/v1',
    needsKey: true,
    models: [
      { id: 'deepseek-ai/DeepSeek-V3', contextWindow: 65_536 },
      { id: 'Qwen/Qwen2.5-72B-Instruct', contextWindow: 32_768 },
      { id: 'Qwen/Qwen2.5-7B-Instruct', contextWindow: 32_768 },
    ],
    docsUrl: 'https://docs.siliconflow.cn',
  },
  { id: 'custom', title: 'Custom (OpenAI-compatible)', kind: 'openai', baseUrl: '', needsKey: false, models: [] },
];

export function findPreset(id: string): ProviderPreset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}

/** The preset's first model that is not being retired; undefined when the server decides. */
export function defaultModel(presetId: string): string | undefined {
  return findPreset(presetId)?.models.find((model) => model.retiresOn === undefined)?.id;
}

/**
 * The entry a model id stands for: the exact id, else the longest listed id it extends at a
 * separator, so a dated snapshot (`gpt-4o-2024-08-06`, `claude-haiku-4-5-20251001`) or a tag
 * (`llama3.2:3b`) finds its family. `gpt-4o-mini` is listed on its own, so it never reads as `gpt-4o`.
 */
export function matchModelId(model: string, ids: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const id of ids) {
    const extends_ = id === model || (model.startsWith(id) && /^[-:@]/.test(model.slice(id.length)));
    if (extends_ && (best === undefined || id.length > best.length)) best = id;
  }
  return best;
}

export function findPresetModel(presetId: string, model: string): PresetModel | undefined {
  const models = findPreset(presetId)?.models ?? [];
  const id = matchModelId(
    model,
    models.map((entry) => entry.id),
  );
  return models.find((entry) => entry.id === id);
}

/**
 * The model's context window: from its preset, else from any preset listing it (a custom base URL
 * in front of a known model), else DEFAULT_CONTEXT_WINDOW.
 */
export function contextWindowOf(presetId: string, model: string): number {
  const own = findPresetModel(presetId, model);
  if (own) return own.contextWindow;
  for (const preset of PRESETS) {
    const found = findPresetModel(preset.id, model);
    if (found) return found.contextWindow;
  }
  return DEFAULT_CONTEXT_WINDOW;
}
