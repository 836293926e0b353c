import type { Message, MessagesRequest } from './request.ts';

/**
 * The conversation rules the API enforces beyond field types, worded as it words them; undefined when
 * the conversation is fine. Consecutive turns of the same role are accepted: the API merges them.
 */
export function conversationProblem(request: MessagesRequest): string | undefined {
  if (request.messages.length === 0) return 'messages: at least one message is required';
  for (const [index, message] of request.messages.entries()) {
    if (message.role === 'system') {
      return 'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.';
    }
    if (message.role !== 'user' && message.role !== 'assistant') return `messages.${index}.role: Input should be 'user' or 'assistant'`;
  }
  if (request.tool_choice?.type === 'tool') {
    const name = request.tool_choice.name;
    if (!(request.tools ?? []).some((tool) => tool.name === name)) return `tool_choice: Tool '${name}' not found in provided tools`;
  }
  return toolPairingProblem(request.messages);
}

/**
 * Every tool_use of an assistant turn must be answered by a tool_result in the very next (user) turn,
 * and every tool_result must answer a tool_use of the turn before it; agents that drop a tool result
 * hit exactly this.
 */
function toolPairingProblem(messages: Message[]): string | undefined {
  for (const [index, message] of messages.entries()) {
    const previous = index > 0 ? messages[index - 1] : undefined;
    const offered = previous?.role === 'assistant' ? toolUseIds(previous) : [];
    const blocks = typeof message.content === 'string' ? [] : message.content;
    for (const [position, part] of blocks.entries()) {
      if (part.type === 'tool_result' && (message.role !== 'user' || !offered.includes(part.tool_use_id))) {
        return (
          `messages.${index}.content.${position}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${part.tool_use_id}. ` +
          'Each `tool_result` block must have a corresponding `tool_use` block in the previous message.'
        );
      }
    }
    if (message.role !== 'assistant') continue;
    const next = messages[index + 1];
    const answered = next?.role === 'user' ? toolResultIds(next) : [];
    const unanswered = toolUseIds(message).filter((id) => !answered.includes(id));
    if (unanswered.length > 0) {
      return (
        `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(', ')}. ` +
        'Each `tool_use` block must have a corresponding `tool_result` block in the next message.'
      );
    }
  }
  return undefined;
}

function toolUseIds(message: Message): string[] {
  return typeof message.content === 'string' ? [] : message.content.flatMap((part) => (part.type === 'tool_use' ? [part.id] : []));
}

function toolResultIds(message: Message): string[] {
  return typeof message.content === 'string' ? [] : message.content.flatMap((part) => (part.type === 'tool_result' ? [part.tool_use_id] : []));
}
