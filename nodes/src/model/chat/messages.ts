import type { ChatTurn } from '@switchboard/flow-schema';
import type OpenAI from 'openai';

/** The request's messages: instructions first, then the remembered conversation, then the prompt. */
export function buildMessages(systemPrompt: string | undefined, history: readonly ChatTurn[], prompt: string): OpenAI.Chat.ChatCompletionMessageParam[] {
  const system: OpenAI.Chat.ChatCompletionMessageParam[] = systemPrompt?.trim() ? [{ role: 'system', content: systemPrompt }] : [];
  return [...system, ...history.map(toMessage), { role: 'user', content: prompt }];
}

function toMessage(turn: ChatTurn): OpenAI.Chat.ChatCompletionMessageParam {
  // A switch rather than spreading the role, so each branch is the SDK's exact message type.
  switch (turn.role) {
    case 'user':
      return { role: 'user', content: turn.content };
    case 'assistant':
      return { role: 'assistant', content: turn.content };
    case 'system':
      return { role: 'system', content: turn.content };
  }
}
