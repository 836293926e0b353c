import type { EngineEvent, TurnOutcome } from '@switchboard/engine';
import type { InboundEvent } from '@switchboard/flow-schema';
import { capPayload } from './payload.ts';
import type { ChatReply, LiveEvent } from './service.ts';
import type { MessageRow, SpanRow } from './turn-writer.ts';

// How a turn's outcome becomes rows to store and events to stream.

export function statusOf(outcome: TurnOutcome): 'active' | 'waiting' | 'delayed' | 'failed' {
  if (outcome.status === 'failed') return 'failed';
  if (outcome.state.waiting) return outcome.state.waiting.kind === 'delay' ? 'delayed' : 'waiting';
  return 'active';
}

export function messagesOf(conversationId: string, runId: string, inboundId: string | null, event: InboundEvent, outcome: TurnOutcome): MessageRow[] {
  const rows: MessageRow[] = [];
  if (inboundId !== null) {
    rows.push({
      id: inboundId,
      conversationId,
      runId,
      direction: 'in',
      text: event.text,
      data: event.payload ?? null,
      nodeId: null,
      dedupeKey: event.messageId === undefined ? null : `in:${event.messageId}`,
      createdAt: new Date(event.receivedAt),
    });
  }
  for (const reply of outcome.replies) {
    rows.push({
      id: reply.id,
      conversationId,
      runId,
      direction: 'out',
      text: reply.text,
      data: reply.data ?? null,
      nodeId: reply.nodeId,
      dedupeKey: `out:${reply.idempotencyKey}`,
      createdAt: new Date(outcome.finishedAt),
    });
  }
  return rows;
}

export function spanRow(span: TurnOutcome['spans'][number]): SpanRow {
  const input = capPayload(span.input);
  const output = capPayload(span.output);
  return {
    id: span.id,
    runId: span.runId,
    nodeId: span.nodeId,
    nodeType: span.nodeType,
    status: span.status,
    attempt: span.attempt,
    iteration: span.iteration ?? null,
    input: input.value,
    output: output.value,
    error: span.error ?? null,
    startedAt: new Date(span.startedAt),
    durationMs: span.durationMs,
    usage: span.usage ?? null,
    truncated: input.truncated || output.truncated,
  };
}

export function toChatReply(reply: TurnOutcome['replies'][number]): ChatReply {
  return { id: reply.id, nodeId: reply.nodeId, text: reply.text, ...(reply.data === undefined ? {} : { data: reply.data }) };
}

export function toLiveEvent(event: EngineEvent): LiveEvent {
  switch (event.type) {
    case 'node.started':
      return event;
    case 'token':
      return event;
    case 'reply':
      return { type: 'reply', reply: toChatReply(event.reply) };
    case 'node.finished':
      return {
        type: 'node.finished',
        nodeId: event.span.nodeId,
        status: event.span.status,
        durationMs: event.span.durationMs,
        ...(event.span.output === undefined ? {} : { output: capPayload(event.span.output).value }),
        ...(event.span.error ? { error: event.span.error.message } : {}),
      };
  }
}
