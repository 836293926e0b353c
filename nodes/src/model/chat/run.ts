import { PermanentNodeError, implementNode } from '@switchboard/flow-schema';
import type { ChatMessage, ContentPart } from '@switchboard/models';
import { budgetReached, callModel, historyFor, promptOf, providerFor, readApiKey, systemPromptFor } from '../../shared/model/run-model.ts';
import { chatModelDefinition } from './definition.ts';
import { imagesOf } from '../../shared/model/images.ts';

export const chatModelNode = implementNode(chatModelDefinition, async (ctx) => {
  const { config } = ctx;
  const prompt = promptOf(ctx);
  const budget = await budgetReached(ctx);
  if (budget) {
    switch (budget.action) {
      case 'stop':
        throw new PermanentNodeError(budget.message);
      case 'reply':
        return { outputs: { text: config.budgetReply, budget: { spentUsd: budget.spentUsd, limitUsd: budget.limitUsd, action: budget.action } } };
      case 'cheaper':
        if (config.cheaperModel === undefined) throw new PermanentNodeError(`${budget.message}, and no cheaper model is set: fill in "Cheaper model" or choose another action`);
        break;
    }
  }
  const model = budget ? config.cheaperModel : undefined;
  const { system } = await systemPromptFor(ctx);
  const primary = providerFor(config, readApiKey(ctx.credential), config.attemptTimeoutMs);
  const history = await historyFor(ctx, primary, system, prompt);
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
  if (budget) outputs.budget = { spentUsd: budget.spentUsd, limitUsd: budget.limitUsd, action: budget.action, model };
  if (history.summary !== undefined) outputs.summary = history.summary;
  if (answer.attempts.some((attempt) => attempt.error !== undefined)) outputs.attempts = answer.attempts;
  if (answer.cached) outputs.cached = true;
  return { outputs };
});

function parseSchema(source: string | undefined): Record<string, unknown> | undefined {
  if (source === undefined || source.trim() === '') return undefined;
  let schema: unknown;
  try {
    schema = JSON.parse(source);
  } catch (error) {
    throw new PermanentNodeError(`the response schema is not JSON (${error instanceof Error ? error.message : String(error)}): write a JSON Schema object`);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new PermanentNodeError('the response schema must be a JSON Schema object, e.g. {"type":"object","properties":{…}}');
  return Object.fromEntries(Object.entries(schema));
}

function parseAnswer(text: string, provider: string, model: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${provider} model "${model}" did not answer with JSON for the response schema: ${text.slice(0, 200)}`);
  }
}

