import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { openaiCredential } from '../../shared/credentials.ts';
import { numeric, text } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';

export const chatModelDefinition = defineNode({
  type: 'model.chat',
  version: 1,
  kind: 'model',
  title: 'Chat model',
  description: 'Answers with a chat model on any OpenAI-compatible server: OpenAI, DeepSeek, Ollama, vLLM …',
  category: 'Models',
  icon: 'sparkles',
  inputs: { in: { type: 'any', description: 'Only orders this node after another; the prompt reads values with expressions.' } },
  outputs: { text: { type: 'text', description: 'The model\'s answer.' } },
  config: z.object({
    baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.openai.com/v1').meta(hint('The API root of the server, ending in /v1 for most.', { widget: 'text' })),
    model: z.string().trim().min(1).meta(hint('Model name, e.g. gpt-4o-mini or llama3.1.', { widget: 'text' })),
    systemPrompt: text('Instructions sent before the conversation.', { widget: 'textarea' }).optional(),
    // Empty means the incoming message's text. Not a '{{ message.text }}' default: the engine resolves
    // expressions in the stored config only, so a default would reach the model unrendered.
    prompt: text('What the model answers; empty sends the incoming message\'s text.', { widget: 'textarea', placeholder: '{{ message.text }}' }).default(''),
    useMemory: z.boolean().default(true).meta(hint('Send the conversation\'s chat history, and add this prompt and the answer to it.', { widget: 'switch' })),
    memoryLimit: numeric(z.number().int().min(1).max(200), 'How many past turns to send.', { showWhen: { field: 'useMemory', in: [true] }, advanced: true }).default(20),
    temperature: numeric(z.number().min(0).max(2), 'Higher is more varied, lower more focused.', { advanced: true }).optional(),
    maxTokens: numeric(z.number().int().min(1), 'The longest answer, in tokens.', { advanced: true }).optional(),
    stream: z.boolean().default(true).meta(hint('Show the answer word by word as it is written.', { widget: 'switch', advanced: true })),
  }),
  credential: { type: openaiCredential.type, optional: true },
  streams: true,
  checkpoint: true,
  defaults: { retries: 2, retryBackoffMs: 1000, timeoutMs: 120_000 },
});
