import type Anthropic from '@anthropic-ai/sdk';
import { toAnthropicMessages } from './anthropic-messages.ts';
import type { ChatRequest, ToolSpec } from './types.ts';

/** Anthropic requires max_tokens; this is what a request without one gets. */
export const DEFAULT_MAX_TOKENS = 4096;

type Params = Omit<Anthropic.MessageCreateParamsNonStreaming, 'stream'>;

/**
 * The messages.create parameters for a request, streaming aside. Structured output is a tool the
 * model is made to call: its input is the JSON answer.
 */
export function toAnthropicParams(request: ChatRequest): Params {
  const { model, temperature, maxTokens, jsonSchema } = request;
  const { system, messages } = toAnthropicMessages(request.messages);
  const answerTool: ToolSpec[] = jsonSchema === undefined ? [] : [{ name: jsonSchema.name, description: 'Answer with this.', parameters: jsonSchema.schema }];
  const tools = [...(request.tools ?? []), ...answerTool].map(toTool);
  return {
    model,
    messages,
    max_tokens: maxTokens ?? DEFAULT_MAX_TOKENS,
    ...(system === undefined ? {} : { system }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(tools.length === 0 ? {} : { tools }),
    ...(jsonSchema === undefined ? {} : { tool_choice: { type: 'tool', name: jsonSchema.name } }),
  };
}

function toTool({ name, description, parameters }: ToolSpec): Anthropic.Tool {
  return { name, description, input_schema: { ...parameters, type: 'object' } };
}
