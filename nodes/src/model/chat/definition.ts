import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { openaiCredential } from '../../shared/credentials.ts';
import { text } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';
import { promptFields, resilienceFields, targetFields } from '../../shared/model/config.ts';

export const chatModelDefinition = defineNode({
  type: 'model.chat',
  version: 1,
  kind: 'model',
  title: 'Chat model',
  description: 'Answers with a chat model: OpenAI, Anthropic, or any OpenAI-compatible server (DeepSeek, Gemini, Ollama, vLLM, OpenRouter, Qwen …).',
  category: 'Models',
  icon: 'sparkles',
  inputs: { in: { type: 'any', description: 'Only orders this node after another; the prompt reads values with expressions.' } },
  outputs: {
    text: { type: 'text', description: 'The model\'s answer (the fixed reply once the budget is spent).' },
    json: { type: 'any', description: 'With a response schema: the answer, parsed.' },
    budget: { type: 'any', description: 'Fires when the daily budget was reached: { spentUsd, limitUsd, action }.' },
    summary: { type: 'text', description: 'Fires when the history was compressed: the summary now kept in memory.' },
  },
  config: z.object({
    ...targetFields,
    ...promptFields,
    responseSchema: text('A JSON Schema the answer must match (structured output); the parsed answer goes to the json port.', { widget: 'textarea', advanced: true }).optional(),
    includeImages: z.boolean().default(true).meta(hint('Send the images of the incoming message along (for models that see).', { widget: 'switch', advanced: true })),
    imageUrls: text('More images to send: http(s) or data: URLs, one per line.', { widget: 'textarea', advanced: true }).optional(),
    ...resilienceFields,
  }),
  credential: { type: openaiCredential.type, optional: true },
  streams: true,
  checkpoint: true,
  // Retries happen inside the node (honouring Retry-After, then the fallback chain): one engine attempt.
  defaults: { retries: 0, timeoutMs: 300_000 },
});
