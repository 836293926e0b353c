import { textOf, type ChatMessage, type ChatRequest } from './chat-request.ts';
import { countTokens } from './tokens.ts';
import type { ScriptedResponse } from './types.ts';

export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** The assistant's turn, before it is shaped as a completion or as stream chunks. */
export interface Answer {
  content: string | null;
  toolCalls: ToolCall[];
  finishReason: 'stop' | 'tool_calls';
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** The scripted answer, or an echo of the last user message when the script says nothing to answer. */
export function answerFor(request: ChatRequest, scripted: ScriptedResponse, nextCallId: () => string): Answer {
  const toolCalls = (scripted.toolCalls ?? []).map((call) => ({
    id: nextCallId(),
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
  }));
  const echo = toolCalls.length === 0 ? `Echo: ${lastUserText(request.messages)}` : null;
  const content = scripted.content ?? echo;
  const counted = {
    prompt_tokens: countTokens(request.messages.map(messageText).join(' ')),
    completion_tokens: countTokens([content ?? '', ...toolCalls.map((call) => `${call.name} ${call.arguments}`)].join(' ')),
  };
  const usage = scripted.usage ?? counted;
  return {
    content,
    toolCalls,
    finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

function lastUserText(messages: ChatMessage[]): string {
  const last = messages.findLast((message) => message.role === 'user');
  return last === undefined ? '' : textOf(last.content);
}

/** Everything a message puts in front of the model, tool calls included, for prompt_tokens. */
function messageText(message: ChatMessage): string {
  const calls = message.role === 'assistant' ? (message.tool_calls ?? []) : [];
  return [textOf(message.content), ...calls.map((call) => `${call.function.name} ${call.function.arguments}`)].join(' ');
}
