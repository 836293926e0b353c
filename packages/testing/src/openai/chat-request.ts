import { z } from 'zod';
import { errorReply } from './errors.ts';
import { validate, type Validated } from './validate.ts';

// Only what the server reads is checked; everything else OpenAI accepts passes through (loose objects).
const content = z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]);

const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const message = z.discriminatedUnion('role', [
  z.looseObject({ role: z.enum(['system', 'developer', 'user']), content }),
  z.looseObject({ role: z.literal('assistant'), content: content.nullish(), tool_calls: z.array(toolCall).optional() }),
  z.looseObject({ role: z.literal('tool'), content, tool_call_id: z.string() }),
]);

export const chatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = ChatRequest['messages'][number];

/** The text of a message's content; array content contributes its text parts. */
export function textOf(value: z.infer<typeof content> | null | undefined): string {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  return value.flatMap((part) => (part.text === undefined ? [] : [part.text])).join(' ');
}

export function parseChatRequest(body: unknown): Validated<ChatRequest> {
  const parsed = validate(chatRequestSchema, body);
  if (!parsed.ok) return parsed;
  if (parsed.value.stream_options != null && parsed.value.stream !== true) {
    const error = "The 'stream_options' parameter is only allowed when 'stream' is enabled.";
    return { ok: false, reply: errorReply(400, error, { param: 'stream_options', code: 'invalid_value' }) };
  }
  const pairing = checkToolPairing(parsed.value.messages);
  return pairing === undefined ? parsed : { ok: false, reply: errorReply(400, pairing.message, { param: pairing.param, code: null }) };
}

/**
 * OpenAI rejects a conversation whose tool messages do not answer the tool calls of the assistant
 * message right before them, in both directions; agents that lose a tool result hit exactly this.
 */
function checkToolPairing(messages: ChatMessage[]): { message: string; param: string } | undefined {
  let answering = false; // the messages since the last non-tool one answer an assistant's tool calls
  let open: string[] = []; // tool_call ids of that assistant message still without a tool message
  let openAt = 0;
  for (const [index, current] of messages.entries()) {
    if (current.role === 'tool') {
      if (!answering) {
        return {
          message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          param: `messages.[${index}].role`,
        };
      }
      if (!open.includes(current.tool_call_id)) {
        return {
          message: `Invalid parameter: 'tool_call_id' of '${current.tool_call_id}' not found in 'tool_calls' of previous message.`,
          param: `messages.[${index}].tool_call_id`,
        };
      }
      open = open.filter((id) => id !== current.tool_call_id);
      continue;
    }
    if (open.length > 0) return unanswered(open, openAt);
    open = current.role === 'assistant' ? (current.tool_calls ?? []).map((call) => call.id) : [];
    answering = open.length > 0;
    openAt = index;
  }
  return open.length > 0 ? unanswered(open, openAt) : undefined;
}

function unanswered(ids: string[], index: number): { message: string; param: string } {
  return {
    message:
      "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. " +
      `The following tool_call_ids did not have response messages: ${ids.join(', ')}`,
    param: `messages.[${index}].role`,
  };
}
