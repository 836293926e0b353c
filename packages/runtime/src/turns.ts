import type { Pool } from 'pg';
import { newId } from '@switchboard/flow-schema';
import type { RunLimits } from '@switchboard/engine';
import type { InboundEvent, NodeImplementation } from '@switchboard/flow-schema';
import type { ConversationCache, LiveConversation } from './conversations.ts';
import { conversationKey } from './conversations.ts';
import type { LoadedPlan, PlanCache } from './plans.ts';
import type { SerialQueue } from './serial-queue.ts';
import { SwitchboardError } from './service.ts';
import type { ChatRequest, ChatResult, LiveEvent } from './service.ts';
import type { CommittedTurn } from './channels/host.ts';
import { executeTurn } from './execute-turn.ts';
import type { TurnServices } from './execute-turn.ts';
import { inboundEvent, requireTrigger, validateChatRequest } from './requests.ts';
import { storedResult } from './results.ts';
import type { TurnWriter } from './turn-writer.ts';

export interface TurnRunnerOptions {
  pool: Pool;
  plans: PlanCache;
  conversations: ConversationCache;
  queue: SerialQueue;
  writer: TurnWriter;
  implementation: (type: string, version: number) => NodeImplementation | undefined;
  limits?: Partial<RunLimits>;
  maxMessageChars: number;
  log: (line: string) => void;
  /** Personas, spending and downloads for the nodes of every turn. */
  services?: TurnServices;
  /** Told of every written turn (channels send its replies); must not throw. */
  onCommitted?: (turn: CommittedTurn) => void;
}

/** setTimeout cannot wait longer than ~24.8 days; longer delays re-arm. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Executes turns: one at a time per conversation, in arrival order (the inline dispatcher), each
 * persisted through the group-committing writer before its answer is returned.
 */
export class TurnRunner {
  private readonly options: TurnRunnerOptions;
  /** Pending ask time-outs, by conversation key. */
  private readonly timeouts = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(options: TurnRunnerOptions) {
    this.options = options;
  }

  async chat(flowId: string, request: ChatRequest, onEvent?: (event: LiveEvent) => void): Promise<ChatResult> {
    validateChatRequest(request, this.options.maxMessageChars);
    const kind = request.kind ?? 'message';
    const channel = request.channel ?? 'api';
    requireTrigger(await this.options.plans.forFlow(flowId), kind, channel);
    const key = conversationKey(flowId, channel, request.conversationId);
    // A conversation parked on a delay answers new messages after the delayed run has finished:
    // wait outside the queue (holding nothing), then queue again.
    for (;;) {
      if (this.closed) throw shuttingDown();
      const parked = this.options.conversations.peek(key)?.delay;
      if (parked) {
        await parked.done;
        continue;
      }
      const result = await this.options.queue.run(key, async (): Promise<ChatResult | typeof PARKED> => {
        const conversation = await this.options.conversations.get(flowId, channel, request.conversationId);
        if (request.messageId !== undefined) {
          const seen = conversation.recent.get(request.messageId) ?? (conversation.mayHaveStoredIds ? await this.stored(conversation, request.messageId) : undefined);
          if (seen) return { ...seen, duplicate: true };
        }
        const waiting = conversation.state.waiting;
        if (waiting?.kind === 'delay') {
          if (!conversation.delay) this.scheduleDelay(conversation, waiting.resumeAt ?? Date.now());
          return PARKED;
        }
        if (request.userId !== undefined) conversation.userId = request.userId;
        const event = inboundEvent(request, kind, channel);
        // Read the published version now, not when the request arrived: it may have waited a while.
        const answer = await this.execute(conversation, () => this.options.plans.forFlow(flowId), event, onEvent);
        if (request.messageId !== undefined) this.options.conversations.remember(conversation, request.messageId, answer);
        return answer;
      });
      if (result !== PARKED) return result;
    }
  }

  /** A redelivered message id that is only in the database: answer with what was stored for it. */
  private async stored(conversation: LiveConversation, messageId: string): Promise<ChatResult | undefined> {
    const found = await this.options.pool.query<{ run_id: string | null }>(
      'SELECT run_id FROM messages WHERE conversation_id = $1 AND dedupe_key = $2',
      [conversation.id, `in:${messageId}`],
    );
    const runId = found.rows[0]?.run_id;
    return runId ? { ...(await storedResult(this.options.pool, conversation.id, runId)), duplicate: true } : undefined;
  }

  private async execute(
    conversation: LiveConversation,
    published: () => Promise<LoadedPlan>,
    event: InboundEvent,
    onEvent?: (event: LiveEvent) => void,
  ): Promise<ChatResult> {
    const waiting = conversation.state.waiting;
    // A waiting run resumes on the version it started on, whatever has been published since.
    const loaded = waiting && conversation.state.versionId ? await this.options.plans.forVersion(conversation.state.versionId) : await published();
    // Ids are time-ordered: the inbound message's id must come before the replies' ids.
    const inboundId = event.kind === 'timer' ? null : newId();
    const turn = await executeTurn({
      conversation,
      loaded,
      event,
      runId: newId(),
      inboundId,
      implementation: this.options.implementation,
      ...(this.options.limits ? { limits: this.options.limits } : {}),
      ...(this.options.services ? { services: this.options.services } : {}),
      ...(onEvent ? { onEvent } : {}),
    });
    if (!(await this.options.writer.write(turn.write))) {
      // Only another process writing the same database can move the count: it is not ours to cache.
      this.options.conversations.forget(conversation);
      throw new SwitchboardError(
        409,
        'conversation_conflict',
        'another Switchboard process answered in this conversation at the same moment; send the message again (run one server per database, or use queue mode)',
      );
    }
    conversation.state = turn.state;
    conversation.turnSeq += 1;
    this.options.onCommitted?.({ conversation, event, result: turn.result });
    const next = turn.state.waiting;
    if (next?.kind === 'delay') this.scheduleDelay(conversation, next.resumeAt ?? Date.now());
    else if (next?.resumeAt !== undefined) this.scheduleTimeout(conversation, { runId: next.runId, resumeAt: next.resumeAt });
    return turn.result;
  }

  /**
   * Parks the conversation until `until`, then resumes its run with a timer event. A resumption that
   * fails (the database was away) is tried again with backoff: the conversation must not stay parked.
   */
  scheduleDelay(conversation: LiveConversation, until: number, failures = 0): void {
    if (this.closed) return;
    const previous = conversation.delay;
    let release = previous?.release ?? ((): void => undefined);
    const done = previous?.done ?? new Promise<void>((resolve) => (release = resolve));
    const delay: NonNullable<LiveConversation['delay']> = { until, done, release, timer: undefined, failures };
    conversation.delay = delay;
    this.options.conversations.park(conversation);
    const arm = (): void => {
      const wait = until - Date.now();
      delay.timer = setTimeout(wait > MAX_TIMER_MS ? arm : fire, Math.max(0, Math.min(wait, MAX_TIMER_MS)));
    };
    const fire = (): void => {
      void this.options.queue
        .run(conversation.key, async () => {
          if (conversation.state.waiting?.kind !== 'delay') return;
          const timer: InboundEvent = { kind: 'timer', text: '', channel: conversation.channel, receivedAt: new Date().toISOString() };
          await this.execute(conversation, () => this.options.plans.forFlow(conversation.flowId), timer);
        })
        .then(
          () => {
            if (conversation.state.waiting?.kind === 'delay') {
              // The continuation parked again on a later delay: execute() scheduled it.
              if (conversation.delay === delay) this.scheduleDelay(conversation, conversation.state.waiting.resumeAt ?? Date.now());
              return;
            }
            if (conversation.delay === delay) conversation.delay = undefined;
            this.options.conversations.unpark(conversation);
            release();
          },
          (error: unknown) => {
            const retryIn = Math.min(1000 * 2 ** failures, 300_000);
            this.options.log(
              `delayed run of conversation ${conversation.id} failed (${error instanceof Error ? error.message : String(error)}); trying again in ${retryIn / 1000} s`,
            );
            if (conversation.delay === delay) this.scheduleDelay(conversation, Date.now() + retryIn, failures + 1);
          },
        );
    };
    arm();
  }

  /**
   * An ask with a time-out: unlike a delay, messages keep coming in (the next one answers it), so
   * nothing is parked; when the time comes, a timer event runs in the conversation's turn order,
   * unless a message has answered the ask first.
   */
  scheduleTimeout(conversation: LiveConversation, wait: { runId: string; resumeAt: number }, at = wait.resumeAt, failures = 0): void {
    if (this.closed) return;
    const { key, flowId, channel, externalId } = conversation;
    clearTimeout(this.timeouts.get(key));
    const fire = (): void => {
      this.timeouts.delete(key);
      this.options.queue
        .run(key, async () => {
          const current = await this.options.conversations.get(flowId, channel, externalId);
          const waiting = current.state.waiting;
          if (waiting?.kind !== 'ask' || waiting.runId !== wait.runId || waiting.resumeAt !== wait.resumeAt) return;
          const timer: InboundEvent = { kind: 'timer', text: '', channel, receivedAt: new Date().toISOString() };
          await this.execute(current, () => this.options.plans.forFlow(flowId), timer);
        })
        .catch((error: unknown) => {
          const retryIn = Math.min(1000 * 2 ** failures, 300_000);
          this.options.log(`the time-out of conversation ${conversation.id} failed (${error instanceof Error ? error.message : String(error)}); trying again in ${retryIn / 1000} s`);
          this.scheduleTimeout(conversation, wait, Date.now() + retryIn, failures + 1);
        });
    };
    const arm = (): void => {
      const remaining = at - Date.now();
      this.timeouts.set(key, setTimeout(remaining > MAX_TIMER_MS ? arm : fire, Math.max(0, Math.min(remaining, MAX_TIMER_MS))));
    };
    arm();
  }

  /** Stops timers and lets every caller waiting on a delay go with a 503. */
  close(): void {
    this.closed = true;
    for (const timer of this.timeouts.values()) clearTimeout(timer);
    this.timeouts.clear();
    for (const conversation of this.options.conversations.allParked()) {
      clearTimeout(conversation.delay?.timer);
      conversation.delay?.release();
    }
  }
}

const PARKED = Symbol('parked');

function shuttingDown(): SwitchboardError {
  return new SwitchboardError(503, 'shutting_down', 'the server is shutting down; send the message again once it is back');
}
