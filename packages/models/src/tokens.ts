/**
 * A cheap, deterministic token ESTIMATE — not a tokenizer. Rate limits and compression thresholds
 * only need the right order of magnitude, and the same text must always give the same number.
 * Latin text runs about four characters per token; CJK scripts about one token per character.
 */
import type { ContentPart, ToolCall } from './types.ts';

/** Role, separators and the like that every message costs on the wire. */
const PER_MESSAGE = 4;
/** The tokens that prime the answer. */
const PER_REQUEST = 3;
/** An image at roughly 1024×1024, high detail, in OpenAI's accounting. */
const PER_IMAGE = 765;

const WIDE = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/gu;

/** The estimated tokens of a text: one per CJK character plus one per four other characters. */
export function estimateTokens(text: string): number {
  if (text === '') return 0;
  const wide = text.match(WIDE)?.length ?? 0;
  return wide + Math.ceil((text.length - wide) / 4);
}

/** Anything message-shaped: ChatMessage, or a stored memory turn. */
export interface EstimableMessage {
  role: string;
  content: string | ContentPart[];
  toolCalls?: ToolCall[];
}

export function estimateMessage(message: EstimableMessage): number {
  let tokens = PER_MESSAGE + estimateTokens(message.role);
  if (typeof message.content === 'string') tokens += estimateTokens(message.content);
  else for (const part of message.content) tokens += part.type === 'text' ? estimateTokens(part.text) : PER_IMAGE;
  for (const call of message.toolCalls ?? []) {
    const json = typeof call.arguments === 'string' ? call.arguments : call.arguments === undefined ? '' : JSON.stringify(call.arguments);
    tokens += estimateTokens(call.name) + estimateTokens(json);
  }
  return tokens;
}

/** The estimated prompt tokens of a conversation. */
export function estimateMessages(messages: readonly EstimableMessage[]): number {
  if (messages.length === 0) return 0;
  return messages.reduce((sum, message) => sum + estimateMessage(message), PER_REQUEST);
}
