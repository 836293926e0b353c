import type { Pool } from 'pg';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { newId } from '@switchboard/flow-schema';
import type { PlanCache } from '../plans.ts';
import { inboundEvent, requireTrigger, validateChatRequest } from '../requests.ts';
import { storedResult } from '../results.ts';
import { SwitchboardError } from '../service.ts';
import type { ChatRequest, ChatResult, LiveEvent, QueueFigures } from '../service.ts';
import { finishedAmong, inboxFigures, recordInbound } from './inbox.ts';
import { pokeOptions } from './poke.ts';
import type { ReplyNotice } from './poke.ts';
import { ALL_QUEUES, logErrors, noticeChannel, replyChannel, TURNS_QUEUE } from './redis.ts';

export interface QueueDispatcherOptions {
  pool: Pool;
  plans: PlanCache;
  /** Fail-fast connection for enqueueing and publishing. */
  commands: Redis;
  /** A connection in subscriber mode (it can do nothing else). */
  subscriber: Redis;
  prefix: string;
  maxMessageChars: number;
  /** How long a caller waits for the answer before getting "accepted" (202). */
  replyTimeoutMs: number;
  log: (line: string) => void;
}

interface Waiter {
  since: number;
  answer: Promise<ChatResult>;
  resolve: (result: ChatResult) => void;
  reject: (error: Error) => void;
  onEvent: ((event: LiveEvent) => void) | undefined;
}

/** How often waiters that have not heard from a worker look in the database instead. */
const POLL_MS = 500;

/**
 * The web tier in queue mode: checks a message, commits it to the inbox, pokes the conversation's job
 * and waits for the worker's answer on this instance's reply channel, looking in the database for
 * answers whose notice was lost (Redis restarting, a worker dying after its commit).
 */
export class QueueDispatcher {
  readonly instanceId = newId();
  private readonly options: QueueDispatcherOptions;
  private readonly turns: Queue;
  private readonly queues: Queue[];
  /** Callers waiting on each inbox row: the request that recorded it, and redeliveries of it. */
  private readonly waiters = new Map<string, Set<Waiter>>();
  private poller: NodeJS.Timeout | undefined;
  private polling = false;
  private closed = false;

  constructor(options: QueueDispatcherOptions) {
    this.options = options;
    this.queues = ALL_QUEUES.map((name) => new Queue(name, { connection: options.commands, prefix: options.prefix }));
    for (const queue of this.queues) logErrors(queue, options.log, 'queue');
    const turns = this.queues.find((queue) => queue.name === TURNS_QUEUE);
    if (!turns) throw new Error('the turns queue is missing');
    this.turns = turns;
  }

  /** Subscribes before the first message is accepted, so no answer can arrive unheard. */
  async start(): Promise<void> {
    const { subscriber, prefix } = this.options;
    subscriber.on('message', (channel: string, text: string) => {
      if (channel === noticeChannel(prefix)) this.onNotice(text);
      else this.onReply(text);
    });
    await subscriber.subscribe(replyChannel(prefix, this.instanceId), noticeChannel(prefix));
    this.poller = setInterval(() => {
      void this.poll();
    }, POLL_MS);
    this.poller.unref();
  }

  async chat(flowId: string, request: ChatRequest, onEvent?: (event: LiveEvent) => void): Promise<ChatResult> {
    this.ensureOpen();
    validateChatRequest(request, this.options.maxMessageChars);
    const kind = request.kind ?? 'message';
    const published = await this.options.plans.forFlow(flowId);
    const channel = request.channel ?? 'api';
    requireTrigger(published, kind, channel);
    const event = inboundEvent(request, kind, channel);
    // Listen before the row exists: a fast worker may answer before the insert's round trip returns.
    const id = newId();
    const waiter = this.listen(id, onEvent);
    let recorded;
    try {
      recorded = await recordInbound(this.options.pool, {
        id,
        flowId,
        channel,
        externalId: request.conversationId,
        userId: request.userId ?? null,
        flowVersionId: published.versionId,
        event,
        dedupeKey: request.messageId === undefined ? null : `in:${request.messageId}`,
        replyTo: this.instanceId,
        stream: onEvent !== undefined,
      });
    } catch (error) {
      this.forget(id, waiter);
      this.ensureOpen();
      throw error;
    }
    if (this.closed) {
      // Recorded, but this instance stops before it could hear the answer: the workers still run it.
      this.forget(id, waiter);
      throw new SwitchboardError(503, 'shutting_down', 'the server is shutting down; the message is recorded and will be answered, read it after the restart');
    }
    if (recorded.kind === 'duplicate') {
      this.forget(id, waiter);
      if (recorded.runId !== null && recorded.status !== 'pending') {
        return { ...(await storedResult(this.options.pool, recorded.conversationId, recorded.runId)), duplicate: true };
      }
      if (recorded.inboxId === null) throw new Error('a duplicate message has neither a run nor an inbox row');
      // Wait for the first delivery's answer: its notice may go to another instance, the poll finds it.
      const first = this.listen(recorded.inboxId, undefined);
      return { ...(await this.timed(first, recorded.inboxId, recorded.conversationId)), duplicate: true };
    }
    try {
      await this.turns.add('drain', { conversationId: recorded.conversationId }, pokeOptions(recorded.conversationId));
    } catch (error) {
      // The message is committed: the workers' reconciler enqueues it once Redis answers again.
      this.options.log(`could not enqueue conversation ${recorded.conversationId} (${error instanceof Error ? error.message : String(error)}); the reconciler will`);
    }
    return this.timed(waiter, id, recorded.conversationId);
  }

  /** Tells the other instances a flow was published, so they drop their cached pointer. */
  announcePublished(flowId: string): void {
    const notice = JSON.stringify({ type: 'published', flowId, from: this.instanceId });
    this.options.commands.publish(noticeChannel(this.options.prefix), notice).catch((error: unknown) => {
      this.options.log(`could not announce the publish of flow ${flowId}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  async figures(): Promise<QueueFigures> {
    const now = Date.now();
    const queues = await Promise.all(
      this.queues.map(async (queue) => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children');
        const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
        return {
          name: queue.name,
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          oldestWaitingAgeMs: oldest ? now - oldest.timestamp : null,
        };
      }),
    );
    return { mode: 'queue', queues, inbox: await inboxFigures(this.options.pool) };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.poller);
    const stopping = new SwitchboardError(503, 'shutting_down', 'the server is shutting down; the message is recorded and will be answered, read it after the restart');
    for (const set of this.waiters.values()) for (const waiter of set) waiter.reject(stopping);
    this.waiters.clear();
    await Promise.all(this.queues.map((queue) => queue.close()));
  }

  private ensureOpen(): void {
    if (this.closed) throw new SwitchboardError(503, 'shutting_down', 'the server is shutting down; send the message again once it is back');
  }

  /** Registers a caller waiting on an inbox row. */
  private listen(id: string, onEvent: ((event: LiveEvent) => void) | undefined): Waiter {
    let resolve: (result: ChatResult) => void = () => undefined;
    let reject: (error: Error) => void = () => undefined;
    const answer = new Promise<ChatResult>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    // A caller that already gave up (timed out) must not turn a later rejection into an unhandled one.
    answer.catch(() => undefined);
    const waiter: Waiter = { since: Date.now(), answer, resolve, reject, onEvent };
    const set = this.waiters.get(id) ?? new Set<Waiter>();
    set.add(waiter);
    this.waiters.set(id, set);
    return waiter;
  }

  private forget(id: string, waiter: Waiter): void {
    const set = this.waiters.get(id);
    set?.delete(waiter);
    if (set?.size === 0) this.waiters.delete(id);
  }

  private settle(id: string, result: ChatResult): void {
    const set = this.waiters.get(id);
    this.waiters.delete(id);
    for (const waiter of set ?? []) waiter.resolve(result);
  }

  /** The caller's answer, or 202 after the reply timeout (only this caller stops waiting). */
  private async timed(waiter: Waiter, id: string, conversationId: string): Promise<ChatResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.forget(id, waiter);
        reject(
          new SwitchboardError(
            202,
            'accepted',
            `the message is recorded and will be answered, but no answer came within ${this.options.replyTimeoutMs / 1000} s: read it later from GET /api/v1/conversations/${conversationId}/messages`,
            { conversationId, inboxId: id },
          ),
        );
      }, this.options.replyTimeoutMs);
    });
    try {
      return await Promise.race([waiter.answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private onReply(text: string): void {
    const notice = parseNotice(text);
    if (!notice) return;
    if ('event' in notice) {
      for (const waiter of this.waiters.get(notice.id) ?? []) waiter.onEvent?.(notice.event);
      return;
    }
    this.settle(notice.id, notice.result);
  }

  private onNotice(text: string): void {
    try {
      const notice: unknown = JSON.parse(text);
      if (typeof notice !== 'object' || notice === null || !('flowId' in notice) || typeof notice.flowId !== 'string') return;
      if ('from' in notice && notice.from === this.instanceId) return;
      this.options.plans.forget(notice.flowId);
    } catch {
      // Not ours to understand.
    }
  }

  /** Answers waiters whose notice never came, from the database. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    const now = Date.now();
    const stale = [...this.waiters.entries()].filter(([, set]) => [...set].some((waiter) => now - waiter.since > POLL_MS * 2)).map(([id]) => id);
    if (stale.length === 0) return;
    this.polling = true;
    try {
      const finished = await finishedAmong(this.options.pool, stale);
      for (const [id, row] of finished) {
        if (row.runId === null) continue;
        this.settle(id, await storedResult(this.options.pool, row.conversationId, row.runId));
      }
    } catch (error) {
      this.options.log(`looking up answers in the database failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.polling = false;
    }
  }
}

/** Notices come from our own workers; anything else on the channel is ignored. */
function parseNotice(text: string): ReplyNotice | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || !('id' in value) || typeof value.id !== 'string') return undefined;
  if ('result' in value && isChatResult(value.result)) return { id: value.id, result: value.result };
  if ('event' in value && isLiveEvent(value.event)) return { id: value.id, event: value.event };
  return undefined;
}

function isChatResult(value: unknown): value is ChatResult {
  return typeof value === 'object' && value !== null && 'runId' in value && 'replies' in value && Array.isArray(value.replies);
}

function isLiveEvent(value: unknown): value is LiveEvent {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';
}
