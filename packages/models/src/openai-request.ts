import type OpenAI from 'openai';
import { stringifyToolArguments } from './tool-arguments.ts';
import type { ChatMessage, ChatRequest, ContentPart } from './types.ts';

type Params = Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, 'stream'>;

/** The chat.completions parameters for a request, streaming aside. */
export function toOpenAIParams(request: ChatRequest): Params {
  const { model, messages, temperature, maxTokens, tools, jsonSchema } = request;
  return {
    model,
    messages: messages.map(toMessage),
    ...(temperature === undefined ? {} : { temperature }),
    // max_tokens, not max_completion_tokens: it is the one every OpenAI-compatible server understands.
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
    ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
    ...(tools === undefined || tools.length === 0
      ? {}
      : { tools: tools.map(({ name, description, parameters }) => ({ type: 'function' as const, function: { name, description, parameters } })) }),
    ...(jsonSchema === undefined ? {} : { response_format: { type: 'json_schema', json_schema: { name: jsonSchema.name, schema: jsonSchema.schema, strict: true } } }),
  };
}

function toMessage(message: ChatMessage): OpenAI.Chat.ChatCompletionMessageParam {
  // A switch rather than spreading the role, so each branch is the SDK's exact message type.
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: typeof message.content === 'string' ? message.content : message.content.map(toPart) };
    case 'assistant': {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: message.content };
      const toolCalls = calls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: stringifyToolArguments(call.arguments) } }));
      return { role: 'assistant', content: message.content === '' ? null : message.content, tool_calls: toolCalls };
    }
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

function toPart(part: ContentPart): OpenAI.Chat.ChatCompletionContentPart {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image':
      return { type: 'image_url', image_url: { url: part.url } };
  }
}
