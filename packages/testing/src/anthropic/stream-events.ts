import type { Answer } from './answer.ts';
/** One Server-Sent Event as Anthropic names them: `event: <type>` then `data: <json>`. */
export interface StreamEvent {
  type: string;
  [field: string]: unknown;
}

/**
 * The answer as Anthropic streams it: message_start (empty content, the input usage), per block a
 * content_block_start, its deltas (text word by word, tool input as partial JSON fragments that
 * clients must join) and a content_block_stop, with a ping after the first start, then message_delta
 * (stop reason, output usage) and message_stop.
 */
export function streamEvents(answer: Answer, message: { id: string; model: string }): StreamEvent[] {
  const events: StreamEvent[] = [
    {
      type: 'message_start',
      message: {
        id: message.id,
        type: 'message',
        role: 'assistant',
        model: message.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        // Anthropic reports a token or so of output up front; message_delta carries the real count.
        usage: { ...usageFields(answer.usage.input_tokens, 1) },
      },
    },
  ];
  for (const [index, block] of answer.content.entries()) {
    switch (block.type) {
      case 'text':
        events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
        if (index === 0) events.push({ type: 'ping' });
        for (const text of pieces(block.text, /\s*\S+|\s+/g)) events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
        break;
      case 'tool_use':
        events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
        if (index === 0) events.push({ type: 'ping' });
        for (const partial of ['', ...pieces(JSON.stringify(block.input), /[^]{1,8}/g)]) {
          events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partial } });
        }
        break;
    }
    events.push({ type: 'content_block_stop', index });
  }
  events.push({ type: 'message_delta', delta: { stop_reason: answer.stopReason, stop_sequence: null }, usage: { output_tokens: answer.usage.output_tokens } });
  events.push({ type: 'message_stop' });
  return events;
}

/** The usage object of a message, with the cache counters a plain request reports as zero. */
export function usageFields(inputTokens: number, outputTokens: number): object {
  return { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: outputTokens, service_tier: 'standard' };
}

function pieces(text: string, pattern: RegExp): string[] {
  return text.match(pattern) ?? [];
}
