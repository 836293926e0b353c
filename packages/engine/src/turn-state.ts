import type { ExecutionPlan } from '@switchboard/compiler';
import type { ChatTurn, InboundEvent, NodeServices } from '@switchboard/flow-schema';
import { LimitError } from './deadline.ts';
import { newId } from '@switchboard/flow-schema';
import type { EngineDeps, EngineEvent, JournalEntry, ReplyRecord, RunLimits, SpanRecord } from './types.ts';

/** What one turn shares across all its scopes: limits, counters, variables, memory and results. */
export class TurnState {
  readonly spans: SpanRecord[] = [];
  readonly replies: ReplyRecord[] = [];
  readonly controller = new AbortController();
  failure: { nodeId?: string; message: string } | undefined;
  steps = 0;
  running = 0;
  private readonly waiters: (() => void)[] = [];

  readonly runId: string;
  readonly plan: ExecutionPlan;
  readonly event: InboundEvent;
  readonly deps: EngineDeps;
  readonly limits: RunLimits;
  /** Results saved by an earlier execution of this run, by journal key. */
  readonly journal: ReadonlyMap<string, JournalEntry> | undefined;
  readonly vars: Record<string, unknown>;
  memory: ChatTurn[];
  private readonly onEvent: ((event: EngineEvent) => void) | undefined;

  constructor(options: {
    runId: string;
    plan: ExecutionPlan;
    event: InboundEvent;
    deps: EngineDeps;
    limits: RunLimits;
    journal: ReadonlyMap<string, JournalEntry> | undefined;
    vars: Record<string, unknown>;
    memory: ChatTurn[];
    onEvent: ((event: EngineEvent) => void) | undefined;
  }) {
    this.runId = options.runId;
    this.plan = options.plan;
    this.event = options.event;
    this.deps = options.deps;
    this.limits = options.limits;
    this.journal = options.journal;
    this.vars = options.vars;
    this.memory = options.memory;
    this.onEvent = options.onEvent;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopped(): boolean {
    return this.failure !== undefined || this.controller.signal.aborted;
  }

  /** The process's services for nodes, with `spentToday` counting what this turn's finished nodes spent. */
  get services(): NodeServices {
    if (this.#services) return this.#services;
    const base = this.deps.services ?? {};
    this.#services = base.spentToday ? { ...base, spentToday: async () => ((await base.spentToday?.()) ?? 0) + this.costSoFar() } : base;
    return this.#services;
  }

  #services: NodeServices | undefined;

  /** US dollars the nodes of this turn have spent so far. */
  costSoFar(): number {
    let total = 0;
    for (const span of this.spans) total += span.usage?.costUsd ?? 0;
    return total;
  }

  emit(event: EngineEvent): void {
    this.onEvent?.(event);
  }

  fail(nodeId: string | undefined, message: string): void {
    if (this.failure) return;
    this.failure = nodeId === undefined ? { message } : { nodeId, message };
    this.controller.abort(new LimitError(message));
  }

  /** Counts one node execution against the step limit. */
  step(): void {
    this.steps += 1;
    if (this.steps > this.limits.maxSteps) {
      throw new LimitError(`the run exceeded its limit of ${this.limits.maxSteps} steps; check for a runaway loop or raise the limit`);
    }
  }

  addReply(nodeId: string, iteration: string | undefined, index: number, text: string, data: unknown): ReplyRecord {
    const reply: ReplyRecord = {
      id: newId(this.deps.now()),
      nodeId,
      idempotencyKey: `${this.runId}:${nodeId}:${iteration ?? ''}:${index}`,
      text,
      ...(data === undefined ? {} : { data }),
    };
    this.replies.push(reply);
    this.emit({ type: 'reply', reply });
    return reply;
  }

  /** Waits for a free slot among `limits.parallelism` concurrently running nodes. */
  async acquire(): Promise<void> {
    while (this.running >= this.limits.parallelism) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.running += 1;
  }

  release(): void {
    this.running -= 1;
    this.waiters.shift()?.();
  }

  trimMemory(): void {
    if (this.memory.length > this.limits.maxMemory) this.memory = this.memory.slice(-this.limits.maxMemory);
  }
}
