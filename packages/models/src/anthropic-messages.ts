import type Anthropic from '@anthropic-ai/sdk';
import { ModelError, type ChatMessage, type ContentPart } from './types.ts';

type Block = Anthropic.ContentBlockParam;
type Turn = { role: 'user' | 'assistant'; content: Block[] };

/**
 * The conversation as Anthropic wants it: system prompts apart, and user and assistant turns
 * alternating. Tool results travel as user turns, so consecutive ones (and a user message right after
 * them) merge into one turn: every tool_use must be answered in the very next user message.
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): { system: string | undefined; messages: Anthropic.MessageParam[] } {
  const system: string[] = [];
  const turns: Turn[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      if (message.content.trim() !== '') system.push(message.content);
      continue;
    }
    const turn = toTurn(message);
    const previous = turns.at(-1);
    if (previous?.role === turn.role) previous.content.push(...turn.content);
    else turns.push(turn);
  }
  return { system: system.length === 0 ? undefined : system.join('\n\n'), messages: turns };
}

function toTurn(message: Exclude<ChatMessage, { role: 'system' }>): Turn {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: typeof message.content === 'string' ? textBlocks(message.content) : message.content.flatMap(toBlocks) };
    case 'assistant': {
      const calls = (message.toolCalls ?? []).map((call): Block => ({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) }));
      return { role: 'assistant', content: [...textBlocks(message.content), ...calls] };
    }
    case 'tool':
      return { role: 'user', content: [{ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content }] };
  }
}

/**
 * Anthropic wants a tool_use input to be an object. Arguments that are not one (malformed JSON kept as
 * text, from another provider earlier in the conversation) are replayed as none rather than refused.
 */
function toolInput(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
}

/** Anthropic refuses empty text blocks (an assistant turn that only calls tools has no text). */
function textBlocks(text: string): Block[] {
  return text === '' ? [] : [{ type: 'text', text }];
}

function toBlocks(part: ContentPart): Block[] {
  switch (part.type) {
    case 'text':
      return textBlocks(part.text);
    case 'image':
      return [{ type: 'image', source: imageSource(part.url) }];
  }
}

const imageTypes = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
type ImageType = (typeof imageTypes)[number];

function isImageType(value: string): value is ImageType {
  return imageTypes.some((type) => type === value);
}

function imageSource(url: string): Anthropic.Base64ImageSource | Anthropic.URLImageSource {
  if (!url.startsWith('data:')) return { type: 'url', url };
  const match = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  const mediaType = match?.[1];
  const data = match?.[2];
  if (mediaType === undefined || data === undefined || !isImageType(mediaType)) {
    const what = mediaType === undefined ? 'a data: URL that is not base64' : `a ${mediaType} image`;
    throw new ModelError(`Anthropic cannot read ${what}: send a base64 JPEG, PNG, GIF or WebP image, or an http(s) URL`, { kind: 'bad_request', retryable: false });
  }
  return { type: 'base64', media_type: mediaType, data };
}
