import { z } from 'zod';
import { numeric, text } from '../fields.ts';
import { hint } from '../ui.ts';

/*
 * Config fields the model nodes share (chat model, agent): which provider and model, the persona,
 * memory and its compression, resilience and the budget. Browser-safe: data and zod only.
 */

/** The presets of @switchboard/models (presets.ts); a test keeps the two lists equal. */
export const PROVIDER_IDS = ['openai', 'anthropic', 'deepseek', 'gemini', 'ollama', 'vllm', 'openrouter', 'dashscope', 'moonshot', 'zhipu', 'siliconflow', 'custom'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

const provider = z.enum(PROVIDER_IDS);
const baseUrl = z.url({ protocol: /^https?$/ });

export const BUDGET_ACTIONS = ['reply', 'cheaper', 'stop'] as const;
export const COMPRESSION_MODES = ['summarize', 'truncate', 'off'] as const;

/** Where the model is: a provider preset, an optional other address, the model's name. */
export const targetFields = {
  provider: provider.default('openai').meta(hint('The provider, or "custom" for any other OpenAI-compatible server. Its API key is the node\'s credential.', { widget: 'select' })),
  // Optional, so a provider's own address is used unless the operator names another (a proxy, a local server).
  baseUrl: baseUrl.optional().meta(hint('The API root, when not the provider\'s own (most OpenAI-compatible servers end in /v1). Required for "custom".', { widget: 'text' })),
  model: z.string().trim().min(1).meta(hint('Model name, e.g. gpt-4o-mini, claude-haiku-4-5 or llama3.1.', { widget: 'text' })),
};

/** Who the bot is, what it remembers, and how the answer is produced. */
export const promptFields = {
  persona: text('A persona from the library (its name or id); empty uses the channel\'s persona, if it has one.', { widget: 'text' }).default(''),
  systemPrompt: text('Instructions sent before the conversation (after the persona\'s).', { widget: 'textarea' }).optional(),
  // Empty means the incoming message's text. Not a '{{ message.text }}' default: the engine resolves
  // expressions in the stored config only, so a default would reach the model unrendered.
  prompt: text('What the model answers; empty sends the incoming message\'s text.', { widget: 'textarea', placeholder: '{{ message.text }}' }).default(''),
  useMemory: z.boolean().default(true).meta(hint('Send the conversation\'s chat history, and add this prompt and the answer to it.', { widget: 'switch' })),
  memoryLimit: numeric(z.number().int().min(1).max(500), 'How many past turns to send.', { showWhen: { field: 'useMemory', in: [true] }, advanced: true }).default(20),
  compression: z
    .enum(COMPRESSION_MODES)
    .default('summarize')
    .meta(hint('When the history fills too much of the model\'s context window: summarise the older turns with the model, drop them, or send everything.', { widget: 'select', showWhen: { field: 'useMemory', in: [true] }, advanced: true })),
  compressAt: numeric(z.number().min(0.1).max(0.95), 'Compress when the history passes this share of the context window.', { showWhen: { field: 'useMemory', in: [true] }, advanced: true }).default(0.75),
  keepRecent: numeric(z.number().int().min(0).max(100), 'Turns kept word for word when compressing.', { showWhen: { field: 'useMemory', in: [true] }, advanced: true }).default(6),
  contextWindow: numeric(z.number().int().min(512), 'The model\'s context window in tokens, when the provider\'s table does not know it.', { advanced: true }).optional(),
  temperature: numeric(z.number().min(0).max(2), 'Higher is more varied, lower more focused.', { advanced: true }).optional(),
  maxTokens: numeric(z.number().int().min(1), 'The longest answer, in tokens.', { advanced: true }).optional(),
  stream: z.boolean().default(true).meta(hint('Show the answer word by word as it is written (playground, web chat, and channels that can edit a message).', { widget: 'switch', advanced: true })),
};

/** Retries, the fallback chain, limits, caching and the budget. */
export const resilienceFields = {
  fallbacks: z
    .array(
      z.object({
        provider: provider.meta(hint('The provider to try next.', { widget: 'select' })),
        model: z.string().trim().min(1).meta(hint('The model to try next.', { widget: 'text' })),
        baseUrl: baseUrl.optional().meta(hint('Its API root, when not the provider\'s own.', { widget: 'text' })),
        credentialId: z
          .string()
          .max(64)
          .optional()
          .meta({ title: 'Credential', ...hint('The credential with this provider\'s API key; empty uses the node\'s.', { widget: 'credential', credentialType: 'openai' }) }),
      }),
    )
    .max(5)
    .default([])
    .meta(hint('Tried in order when the model above fails or times out, e.g. Anthropic when OpenAI is down (each with its own credential, or the node\'s).', { advanced: true })),
  retries: numeric(z.number().int().min(0).max(6), 'Attempts after a failure that may pass (429, 5xx, time-outs), honouring Retry-After.', { advanced: true }).default(2),
  attemptTimeoutMs: numeric(z.number().int().min(1000).max(600_000), 'Give up on one attempt after this long and try again or fall back (ms).', { advanced: true }).default(60_000),
  maxConcurrent: numeric(z.number().int().min(1).max(1000), 'At most this many calls to this provider at once, across the server.', { advanced: true }).optional(),
  requestsPerMinute: numeric(z.number().int().min(1), 'At most this many calls to this provider per minute, across the server.', { advanced: true }).optional(),
  tokensPerMinute: numeric(z.number().int().min(1), 'At most this many tokens to this provider per minute, across the server.', { advanced: true }).optional(),
  cache: z.boolean().default(false).meta(hint('Answer an identical request (same model, messages and settings) from memory for an hour, at no cost.', { widget: 'switch', advanced: true })),
  dailyBudgetUsd: numeric(z.number().min(0), 'Stop spending once this flow has spent this much on models today (UTC), in US dollars.', { advanced: true }).optional(),
  onBudget: z
    .enum(BUDGET_ACTIONS)
    .default('reply')
    .meta(hint('When the budget is spent: answer with a fixed reply, use a cheaper model, or stop the run with an error.', { widget: 'select', advanced: true })),
  budgetReply: text('The answer once the budget is spent.', { widget: 'textarea', showWhen: { field: 'onBudget', in: ['reply'] }, advanced: true }).default(
    'Sorry, I cannot answer more today. Please try again tomorrow.',
  ),
  cheaperModel: z.string().trim().min(1).optional().meta(hint('The model used once the budget is spent (same provider).', { widget: 'text', showWhen: { field: 'onBudget', in: ['cheaper'] }, advanced: true })),
  prices: z
    .array(z.object({ model: z.string().trim().min(1), input: z.number().min(0), output: z.number().min(0) }))
    .max(50)
    .default([])
    .meta(hint('Prices in US dollars per million tokens, overriding the built-in table (a model name also matches its dated snapshots).', { advanced: true })),
};

export type TargetConfig = z.output<z.ZodObject<typeof targetFields>>;
export type PromptConfig = z.output<z.ZodObject<typeof promptFields>>;
export type ResilienceConfig = z.output<z.ZodObject<typeof resilienceFields>>;
export type ModelConfig = TargetConfig & PromptConfig & ResilienceConfig;
