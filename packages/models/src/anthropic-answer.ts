import type Anthropic from '@anthropic-ai/sdk';
import { parseToolArguments } from './tool-arguments.ts';
import type { ChatResult, TokenUsage, ToolCall } from './types.ts';

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

/** An answer as the parts of Anthropic's message we use, whole or assembled from a stream. */
export interface AnthropicAnswer {
  model: string;
  blocks: Block[];
  stopReason: Anthropic.StopReason | null;
  usage: TokenUsage;
}

export function fromMessage(message: Anthropic.Message): AnthropicAnswer {
  const blocks = message.content.flatMap((block): Block[] => {
    if (block.type === 'text') return [{ type: 'text', text: block.text }];
    if (block.type === 'tool_use') return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
    return [];
  });
  return { model: message.model, blocks, stopReason: message.stop_reason, usage: { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens } };
}

/**
 * The answer as a ChatResult. With structured output (`answerTool`), the forced tool's input is the
 * answer's JSON text, and no tool call is reported.
 */
export function toChatResult(answer: AnthropicAnswer, answerTool: string | undefined): ChatResult {
  const calls = answer.blocks.flatMap((block) => (block.type === 'tool_use' ? [block] : []));
  const structured = answerTool === undefined ? undefined : calls.find((call) => call.name === answerTool);
  if (structured !== undefined) {
    return { text: JSON.stringify(structured.input), toolCalls: [], model: answer.model, usage: answer.usage, finishReason: 'stop' };
  }
  const text = answer.blocks.map((block) => (block.type === 'text' ? block.text : '')).join('');
  const toolCalls = calls.map((call): ToolCall => ({ id: call.id, name: call.name, arguments: call.input }));
  return { text, toolCalls, model: answer.model, usage: answer.usage, finishReason: finishReason(answer.stopReason) };
}

function finishReason(reason: Anthropic.StopReason | null): ChatResult['finishReason'] {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    case 'pause_turn':
    case null:
      return 'other';
  }
}

/** Assembles a streamed message: text deltas go to `onToken`, tool inputs arrive as JSON fragments. */
export class StreamedMessage {
  private model = '';
  private stopReason: Anthropic.StopReason | null = null;
  private readonly usage = { inputTokens: 0, outputTokens: 0 };
  private readonly blocks = new Map<number, { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; json: string }>();

  private readonly onToken: (text: string) => void;

  constructor(onToken: (text: string) => void) {
    this.onToken = onToken;
  }

  add(event: Anthropic.RawMessageStreamEvent): void {
    switch (event.type) {
      case 'message_start':
        this.model = event.message.model;
        this.usage.inputTokens = event.message.usage.input_tokens;
        this.usage.outputTokens = event.message.usage.output_tokens;
        return;
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'text') this.blocks.set(event.index, { type: 'text', text: block.text });
        if (block.type === 'tool_use') this.blocks.set(event.index, { type: 'tool_use', id: block.id, name: block.name, json: '' });
        return;
      }
      case 'content_block_delta': {
        const block = this.blocks.get(event.index);
        const { delta } = event;
        if (delta.type === 'text_delta' && block?.type === 'text') {
          block.text += delta.text;
          this.onToken(delta.text);
        }
        if (delta.type === 'input_json_delta' && block?.type === 'tool_use') block.json += delta.partial_json;
        return;
      }
      case 'message_delta':
        this.stopReason = event.delta.stop_reason ?? this.stopReason;
        // Both counts are cumulative; input_tokens is only sent when it changed.
        this.usage.inputTokens = event.usage.input_tokens ?? this.usage.inputTokens;
        this.usage.outputTokens = event.usage.output_tokens;
        return;
      case 'content_block_stop':
      case 'message_stop':
        return;
    }
  }

  answer(): AnthropicAnswer {
    const blocks = [...this.blocks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, block]): Block => (block.type === 'text' ? block : { type: 'tool_use', id: block.id, name: block.name, input: parseToolArguments(block.json) }));
    return { model: this.model, blocks, stopReason: this.stopReason, usage: { ...this.usage } };
  }
}
