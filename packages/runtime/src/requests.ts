import { chooseTrigger } from '@switchboard/compiler';
import type { InboundEvent } from '@switchboard/flow-schema';
import type { LoadedPlan } from './plans.ts';
import { SwitchboardError } from './service.ts';
import type { ChatRequest } from './service.ts';

// Checks every dispatcher makes before it accepts a message.

/** Throws a 4xx SwitchboardError that says what to fix when the request cannot be stored or run. */
export function validateChatRequest(request: ChatRequest, maxMessageChars: number): void {
  const unstorable = [
    ['text', request.text],
    ['conversationId', request.conversationId],
    ['messageId', request.messageId],
    ['userId', request.userId],
    ['payload', request.payload],
  ].find(([, value]) => !storable(value));
  if (unstorable) {
    throw new SwitchboardError(400, 'invalid_text', `${String(unstorable[0])} contains a NUL character or a broken UTF-16 surrogate, which cannot be stored`);
  }
  if (request.conversationId.length === 0 || request.conversationId.length > 200) {
    throw new SwitchboardError(400, 'invalid_conversation_id', 'conversationId must be 1 to 200 characters');
  }
  if (request.text.length > maxMessageChars) {
    throw new SwitchboardError(413, 'message_too_large', `the message has ${request.text.length} characters; the limit is ${maxMessageChars}`);
  }
  if (request.messageId?.length === 0 || (request.messageId?.length ?? 0) > 200) {
    throw new SwitchboardError(400, 'invalid_message_id', 'messageId must be 1 to 200 characters');
  }
}

/** The engine's event for an accepted chat request, stamped with the time it was accepted. */
export function inboundEvent(request: ChatRequest, kind: InboundEvent['kind'], channel: string): InboundEvent {
  return {
    kind,
    text: request.text,
    messageId: request.messageId,
    userId: request.userId,
    channel,
    payload: request.payload,
    receivedAt: new Date().toISOString(),
  };
}

/** 422 when the published version has no trigger for this kind of event from this channel. */
export function requireTrigger(published: LoadedPlan, kind: InboundEvent['kind'], channel: string): void {
  if (chooseTrigger(published.plan, kind, channel) !== undefined) return;
  const hint = kind === 'webhook' ? 'a webhook trigger' : `a chat trigger or a ${channel} trigger`;
  throw new SwitchboardError(422, 'no_trigger', `this flow has no trigger for ${kind} events from ${channel}: add ${hint} and publish again`);
}

/** Postgres text and jsonb cannot hold NUL, and JSON cannot hold a lone surrogate. */
function storable(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return !value.includes('\u0000') && value.isWellFormed();
  if (depth > 64 || typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every((item) => storable(item, depth + 1));
  return Object.entries(value).every(([key, item]) => storable(key, depth + 1) && storable(item, depth + 1));
}
