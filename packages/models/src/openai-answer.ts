import type OpenAI from 'openai';
import { parseToolArguments } from './tool-arguments.ts';
import type { ChatResult, ToolCall } from './types.ts';

type FinishReason = OpenAI.Chat.ChatCompletionChunk.Choice['finish_reason'];

/** A whole completion as a ChatResult. */
export function fromCompletion(completion: OpenAI.Chat.ChatCompletion, requestedModel: string): ChatResult {
  const choice = completion.choices[0];
  const toolCalls = (choice?.message.tool_calls ?? []).flatMap((call): ToolCall[] =>
    call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: parseToolArguments(call.function.arguments) }] : [],
  );
  return {
    text: choice?.message.content ?? '',
    toolCalls,
    model: completion.model || requestedModel,
    usage: { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 },
    finishReason: finishReason(choice?.finish_reason ?? null),
  };
}

/** Assembles a streamed completion; tool calls arrive as fragments keyed by their index. */
export class StreamedCompletion {
  private text = '';
  private model: string | undefined;
  private finish: FinishReason = null;
  private readonly usage = { inputTokens: 0, outputTokens: 0 };
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>();

  private readonly onToken: (text: string) => void;

  constructor(onToken: (text: string) => void) {
    this.onToken = onToken;
  }

  add(chunk: OpenAI.Chat.ChatCompletionChunk): void {
    if (this.model === undefined && chunk.model) this.model = chunk.model;
    if (chunk.usage) {
      this.usage.inputTokens = chunk.usage.prompt_tokens;
      this.usage.outputTokens = chunk.usage.completion_tokens;
    }
    const choice = chunk.choices[0];
    if (choice === undefined) return;
    const { content, tool_calls: toolCalls } = choice.delta;
    if (content) {
      this.text += content;
      this.onToken(content);
    }
    for (const fragment of toolCalls ?? []) {
      const call = this.calls.get(fragment.index) ?? { id: '', name: '', arguments: '' };
      call.id ||= fragment.id ?? '';
      call.name += fragment.function?.name ?? '';
      call.arguments += fragment.function?.arguments ?? '';
      this.calls.set(fragment.index, call);
    }
    if (choice.finish_reason) this.finish = choice.finish_reason;
  }

  result(requestedModel: string): ChatResult {
    const toolCalls = [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, call]) => ({ id: call.id, name: call.name, arguments: parseToolArguments(call.arguments) }));
    return { text: this.text, toolCalls, model: this.model ?? requestedModel, usage: { ...this.usage }, finishReason: finishReason(this.finish) };
  }
}

function finishReason(reason: FinishReason): ChatResult['finishReason'] {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    case null:
      return 'other';
  }
}
