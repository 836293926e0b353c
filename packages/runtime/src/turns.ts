import type { Pool } from 'pg';
import { runTurn } from '@switchboard/engine';
import { newId } from '@switchboard/flow-schema';
import type { EngineDeps, RunLimits } from '@switchboard/engine';
import type { InboundEvent, NodeImplementation } from '@switchboard/flow-schema';
import type { ConversationCache, LiveConversation, StoredState } from './conversations.ts';
import { conversationKey } from './conversations.ts';
import type { LoadedPlan, PlanCache } from './plans.ts';
import type { SerialQueue } from './serial-queue.ts';
import { SwitchboardError } from './service.ts';
import type { ChatRequest, ChatResult, LiveEvent } from './service.ts';
import { messagesOf, spanRow, statusOf, toChatReply, toLiveEvent } from './turn-rows.ts';
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
}

/** setTimeout cannot wait longer than ~24.8 days; longer delays re-arm. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Executes turns: one at a time per conversation, in arrival order (the inline dispatcher), each
 * persisted through the group-committing writer before its answer is returned.
 */
export class TurnRunner {
  private readonly options: TurnRunnerOptions;
  private closed = false;

  constructor(options: TurnRunnerOptions) {
    this.options = options;
  }

  async chat(flowId: string, request: ChatRequest, onEvent?: (event: LiveEvent) => void): Promise<ChatResult> {
    this.validate(request);
    const published = await this.options.plans.forFlow(flowId);
    const kind = request.kind ?? 'message';
    if (!published.plan.triggers.has(kind)) {
      const hint = kind === 'webhook' ? 'a webhook trigger' : 'a chat trigger';
      throw new SwitchboardError(422, 'no_trigger', `this flow has no trigger for ${kind} events: add ${hint} and publish again`);
    }
    const channel = request.channel ?? 'api';
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
        const event: InboundEvent = {
          kind,
          text: request.text,
          messageId: request.messageId,
          userId: request.userId,
          channel,
          payload: request.payload,
          receivedAt: new Date().toISOString(),
        };
        // Read the published version now, not when the request arrived: it may have waited a while.
        const answer = await this.execute(conversation, () => this.options.plans.forFlow(flowId), event, onEvent);
        if (request.messageId !== undefined) this.options.conversations.remember(conversation, request.messageId, answer);
        return answer;
      });
      if (result !== PARKED) return result;
    }
  }

  private validate(request: ChatRequest): void {
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
    if (request.text.length > this.options.maxMessageChars) {
      throw new SwitchboardError(413, 'message_too_large', `the message has ${request.text.length} characters; the limit is ${this.options.maxMessageChars}`);
    }
    if (request.messageId?.length === 0 || (request.messageId?.length ?? 0) > 200) {
      throw new SwitchboardError(400, 'invalid_message_id', 'messageId must be 1 to 200 characters');
    }
  }

  /** A redelivered message id that is only in the database: answer with what was stored for it. */
  private async stored(conversation: LiveConversation, messageId: string): Promise<ChatResult | undefined> {
    const found = await this.options.pool.query<{ run_id: string | null; status: string | null; error: unknown }>(
      `SELECT m.run_id, r.status, r.error FROM messages m LEFT JOIN runs r ON r.id = m.run_id
       WHERE m.conversation_id = $1 AND m.dedupe_key = $2`,
      [conversation.id, `in:${messageId}`],
    );
    const row = found.rows[0];
    if (!row?.run_id) return undefined;
    const replies = await this.options.pool.query<{ id: string; node_id: string | null; text: string; data: unknown }>(
      `SELECT id, node_id, text, data FROM messages WHERE conversation_id = $1 AND run_id = $2 AND direction = 'out' ORDER BY id`,
      [conversation.id, row.run_id],
    );
    const status = row.status === 'waiting' || row.status === 'failed' || row.status === 'running' ? row.status : 'completed';
    return {
      runId: row.run_id,
      conversationId: conversation.id,
      status,
      replies: replies.rows.map((reply) => ({ id: reply.id, nodeId: reply.node_id ?? '', text: reply.text, ...(reply.data === null ? {} : { data: reply.data }) })),
      duplicate: true,
    };
  }

  private async execute(
    conversation: LiveConversation,
    published: LoadedPlan | (() => Promise<LoadedPlan>),
    event: InboundEvent,
    onEvent?: (event: LiveEvent) => void,
  ): Promise<ChatResult> {
    const waiting = conversation.state.waiting;
    // A waiting run resumes on the version it started on, whatever has been published since.
    const loaded =
      waiting && conversation.state.versionId
        ? await this.options.plans.forVersion(conversation.state.versionId)
        : typeof published === 'function'
          ? await published()
          : published;
    // Ids are time-ordered: the inbound message's id must come before the replies' ids.
    const inboundId = event.kind === 'timer' ? null : newId();
    const runId = newId();
    const deps: EngineDeps = {
      implementation: this.options.implementation,
      credential: (id) => loaded.credentials.get(id),
      now: Date.now,
    };
    const outcome = await runTurn(
      {
        runId,
        plan: loaded.plan,
        event,
        state: { vars: conversation.state.vars, memory: conversation.state.memory, ...(waiting ? { waiting } : {}) },
        ...(this.options.limits ? { limits: this.options.limits } : {}),
        ...(onEvent
          ? {
              onEvent: (engineEvent) => {
                onEvent(toLiveEvent(engineEvent));
              },
            }
          : {}),
      },
      deps,
    );
    const state: StoredState = outcome.state.waiting ? { ...outcome.state, versionId: loaded.versionId } : outcome.state;
    await this.options.writer.write({
      conversation: {
        id: conversation.id,
        flowId: conversation.flowId,
        channel: conversation.channel,
        externalId: conversation.externalId,
        userId: conversation.userId,
        status: statusOf(outcome),
        waitingNodeId: outcome.state.waiting?.nodeIds[0] ?? null,
        resumeAt: outcome.state.waiting?.resumeAt === undefined ? null : new Date(outcome.state.waiting.resumeAt),
        state,
        updatedAt: new Date(outcome.finishedAt),
      },
      runs: [
        {
          id: runId,
          conversationId: conversation.id,
          flowVersionId: loaded.versionId,
          triggerMessageId: inboundId,
          resumedFromRunId: waiting?.runId ?? null,
          status: outcome.status,
          error: outcome.error ?? null,
          steps: outcome.steps,
          startedAt: new Date(outcome.startedAt),
          finishedAt: new Date(outcome.finishedAt),
          durationMs: outcome.finishedAt - outcome.startedAt,
        },
      ],
      messages: messagesOf(conversation.id, runId, inboundId, event, outcome),
      spans: outcome.spans.map(spanRow),
    });
    conversation.state = state;
    if (outcome.state.waiting?.kind === 'delay') this.scheduleDelay(conversation, outcome.state.waiting.resumeAt ?? Date.now());
    return {
      runId,
      conversationId: conversation.id,
      status: outcome.status,
      replies: outcome.replies.map(toChatReply),
      ...(outcome.error ? { error: outcome.error } : {}),
      duplicate: false,
    };
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

  /** Stops timers and lets every caller waiting on a delay go with a 503. */
  close(): void {
    this.closed = true;
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

/** Postgres text and jsonb cannot hold NUL, and JSON cannot hold a lone surrogate. */
function storable(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return !value.includes('\u0000') && value.isWellFormed();
  if (depth > 64 || typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every((item) => storable(item, depth + 1));
  return Object.entries(value).every(([key, item]) => storable(key, depth + 1) && storable(item, depth + 1));
}
