import type { JobsOptions } from 'bullmq';
import type { ChatResult, LiveEvent } from '../service.ts';

/**
 * A "drain" job tells a worker that a conversation has inbox rows to work off. At most one is active
 * per conversation across all workers (the de-duplication id is the conversation), and a poke that
 * arrives while one is active is kept as exactly one follow-up job (keepLastIfActive), so nothing
 * recorded meanwhile waits for the reconciler.
 */
export function pokeOptions(conversationId: string): JobsOptions {
  return {
    deduplication: { id: conversationId, keepLastIfActive: true },
    removeOnComplete: true,
    removeOnFail: { age: 86_400 },
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
  };
}

/** What a worker publishes on a web instance's reply channel about an inbox row it is running. */
export type ReplyNotice = { id: string; result: ChatResult } | { id: string; event: LiveEvent };
