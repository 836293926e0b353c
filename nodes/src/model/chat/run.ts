import { implementNode } from '@switchboard/flow-schema';
import type { ChatMessage, ContentPart } from '@switchboard/models';
import { budgetGate, callModel, parseJsonSchema, historyFor, promptOf, providerFor, readApiKey, systemPromptFor } from '../../shared/model/run-model.ts';
import { chatModelDefinition } from './definition.ts';
import { imagesOf } from '../../shared/model/images.ts';

export const chatModelNode = implementNode(chatModelDefinition, async (ctx) => {
  const { config } = ctx;
  const prompt = promptOf(ctx);
  const gate = await budgetGate(ctx);
  if (gate.kind === 'answer') return { outputs: { text: gate.text, budget: gate.budget } };
  const { model, budget } = gate;
  const { system } = await systemPromptFor(ctx);
  const primary = providerFor(config, readApiKey(ctx.credential), config.attemptTimeoutMs);
  const history = await historyFor(ctx, primary, model ?? config.model, system, prompt);
  const schema = parseSchema(config.responseSchema);
  const images = await imagesOf(ctx, config.includeImages, config.imageUrls);
  const content: string | ContentPart[] = images.length === 0 ? prompt : [{ type: 'text', text: prompt }, ...images];
  const messages: ChatMessage[] = [...(system === undefined ? [] : [{ role: 'system' as const, content: system }]), ...history.messages, { role: 'user', content }];
  const answer = await callModel(
    ctx,
    {
      messages,
      ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
      ...(config.maxTokens === undefined ? {} : { maxTokens: config.maxTokens }),
      ...(schema ? { jsonSchema: { name: 'answer', schema } } : {}),
    },
    { stream: config.stream && !schema, ...(model === undefined ? {} : { model }) },
  );
  const text = answer.result.text;
  if (config.useMemory) ctx.memory.append({ role: 'user', content: prompt }, { role: 'assistant', content: text });
  const outputs: Record<string, unknown> = { text };
  if (schema) outputs.json = parseAnswer(text, answer.provider.config.id, answer.result.model);
  if (budget) outputs.budget = budget;
  if (history.summary !== undefined) outputs.summary = history.summary;
  if (history.failed !== undefined) outputs.compression = history.failed;
  if (answer.attempts.some((attempt) => attempt.error !== undefined)) outputs.attempts = answer.attempts;
  if (answer.cached) outputs.cached = true;
  return { outputs };
});

function parseSchema(source: string | undefined): Record<string, unknown> | undefined {
  return source === undefined || source.trim() === '' ? undefined : parseJsonSchema(source, 'the response schema');
}

function parseAnswer(text: string, provider: string, model: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${provider} model "${model}" did not answer with JSON for the response schema: ${text.slice(0, 200)}`);
  }
}

