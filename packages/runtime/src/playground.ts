import { chooseTrigger } from '@switchboard/compiler';
import { compileFlow } from '@switchboard/compiler';
import { emptyConversationState, runTurn } from '@switchboard/engine';
import type { ConversationState, RunLimits, TurnOutcome } from '@switchboard/engine';
import { newId } from '@switchboard/flow-schema';
import type { InboundEvent, NodeImplementation, NodeRegistry } from '@switchboard/flow-schema';
import { nodeServices } from './execute-turn.ts';
import type { TurnServices } from './execute-turn.ts';
import type { FlowService } from './flows.ts';
import { capPayload } from './payload.ts';
import type { LoadedPlan, PlanCache } from './plans.ts';
import { validateChatRequest } from './requests.ts';
import { SerialQueue } from './serial-queue.ts';
import { SwitchboardError } from './service.ts';
import type { LiveEvent, PlaygroundRequest, PlaygroundResult, PlaygroundSpan } from './service.ts';
import { toChatReply, toLiveEvent } from './turn-rows.ts';

export interface PlaygroundOptions {
  flows: Pick<FlowService, 'get'>;
  registry: NodeRegistry;
  plans: Pick<PlanCache, 'build'>;
  /** Ids of the stored credentials: a draft naming another one does not compile. */
  credentialIds: () => Promise<ReadonlySet<string>>;
  implementation: (type: string, version: number) => NodeImplementation | undefined;
  limits?: Partial<RunLimits>;
  maxMessageChars: number;
  /** Personas and spending for the draft's nodes (no channel: a persona is found by id or name only). */
  services?: TurnServices;
  /** Sessions kept in memory; the least recently used go first (default 1,000). */
  maxSessions?: number;
}

const DRAFT_VERSION_ID = 'draft';

/**
 * Runs a flow's draft for the editor's playground. Nothing is persisted (a draft has no version row):
 * each session's conversation state lives in memory, one turn at a time per session.
 */
export class PlaygroundService {
  private readonly options: PlaygroundOptions;
  private readonly sessions = new Map<string, ConversationState>();
  private readonly plans = new Map<string, { updatedAt: string; loaded: Promise<LoadedPlan> }>();
  private readonly queue = new SerialQueue();

  constructor(options: PlaygroundOptions) {
    this.options = options;
  }

  chat(flowId: string, request: PlaygroundRequest, onEvent?: (event: LiveEvent) => void): Promise<PlaygroundResult> {
    validateChatRequest({ conversationId: request.sessionId, text: request.text }, this.options.maxMessageChars);
    const key = sessionKey(flowId, request.sessionId);
    return this.queue.run(key, async () => {
      const loaded = await this.planFor(flowId);
      const kind = request.kind ?? 'message';
      const state = this.sessions.get(key) ?? emptyConversationState();
      requireResumable(state, kind, loaded);
      const event: InboundEvent = { kind, text: request.text, channel: 'playground', receivedAt: new Date().toISOString() };
      let outcome: TurnOutcome;
      try {
        outcome = await runTurn(
          {
            runId: newId(),
            plan: loaded.plan,
            event,
            state,
            ...(this.options.limits ? { limits: this.options.limits } : {}),
            ...(onEvent ? { onEvent: (engineEvent) => { onEvent(toLiveEvent(engineEvent)); } } : {}),
          },
          {
            implementation: this.options.implementation,
            credential: (id) => loaded.credentials.get(id),
            now: Date.now,
            ...(this.options.services ? { services: nodeServices(this.options.services, flowId, undefined) } : {}),
          },
        );
      } catch (error) {
        // Most likely the draft changed under a waiting session (its node is gone): start over.
        this.sessions.delete(key);
        const message = error instanceof Error ? error.message : String(error);
        throw new SwitchboardError(409, 'playground_session_reset', `the playground session could not go on (${message}); it was reset: send a message to start over`);
      }
      this.remember(key, outcome.state);
      return resultOf(outcome);
    });
  }

  reset(flowId: string, sessionId: string): void {
    this.sessions.delete(sessionKey(flowId, sessionId));
  }

  /** The draft's plan, compiled once per saved draft. */
  private async planFor(flowId: string): Promise<LoadedPlan> {
    const flow = await this.options.flows.get(flowId);
    const cached = this.plans.get(flowId);
    if (cached?.updatedAt === flow.updatedAt) return cached.loaded;
    const compiled = compileFlow(flow.draft, this.options.registry, { credentialIds: await this.options.credentialIds() });
    if (!compiled.ok) {
      throw new SwitchboardError(
        422,
        'compile_failed',
        `the draft does not compile (${compiled.problems.length} problem${compiled.problems.length === 1 ? '' : 's'}): ${compiled.problems[0]?.message ?? ''}`,
        compiled.problems,
      );
    }
    const loaded = this.options.plans.build(DRAFT_VERSION_ID, 0, compiled.plan);
    const entry = { updatedAt: flow.updatedAt, loaded };
    this.plans.set(flowId, entry);
    loaded.catch(() => {
      if (this.plans.get(flowId) === entry) this.plans.delete(flowId);
    });
    return loaded;
  }

  private remember(key: string, state: ConversationState): void {
    this.sessions.delete(key); // re-inserted last: the Map's order is the recency order
    this.sessions.set(key, state);
    const max = this.options.maxSessions ?? 1000;
    for (const oldest of this.sessions.keys()) {
      if (this.sessions.size <= max) break;
      this.sessions.delete(oldest);
    }
  }
}

function sessionKey(flowId: string, sessionId: string): string {
  return `${flowId}\u0000${sessionId}`;
}

/** 409 when the session cannot take this kind of event (the engine would refuse it). */
function requireResumable(state: ConversationState, kind: 'message' | 'timer', loaded: LoadedPlan): void {
  const waiting = state.waiting;
  if (kind === 'timer') {
    if (waiting?.kind === 'delay' || waiting?.resumeAt !== undefined) return;
    throw new SwitchboardError(409, 'nothing_to_continue', 'this playground session is not waiting for a timer: send a message instead');
  }
  if (waiting?.kind === 'delay') {
    throw new SwitchboardError(409, 'waiting_for_timer', 'this playground session waits on a delay: continue it (kind "timer") or reset it');
  }
  if (!waiting && chooseTrigger(loaded.plan, 'message', 'playground') === undefined) {
    throw new SwitchboardError(422, 'no_trigger', 'this draft has no trigger for message events: add a chat trigger');
  }
}

function resultOf(outcome: TurnOutcome): PlaygroundResult {
  const waiting = outcome.state.waiting;
  return {
    status: outcome.status,
    replies: outcome.replies.map(toChatReply),
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(waiting ? { waiting: { kind: waiting.kind, ...(waiting.resumeAt === undefined ? {} : { resumeAt: waiting.resumeAt }) } } : {}),
    spans: outcome.spans.map(spanOf),
  };
}

function spanOf(span: TurnOutcome['spans'][number]): PlaygroundSpan {
  const input = capPayload(span.input);
  const output = capPayload(span.output);
  return {
    nodeId: span.nodeId,
    nodeType: span.nodeType,
    status: span.status,
    iteration: span.iteration ?? null,
    input: input.value,
    output: output.value,
    error: span.error?.message ?? null,
    durationMs: span.durationMs,
    truncated: input.truncated || output.truncated,
  };
}
