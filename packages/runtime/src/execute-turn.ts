import type { ExecutionPlan } from '@switchboard/compiler';
import { parseConversationKey } from '@switchboard/channels';
import { runTurn } from '@switchboard/engine';
import type { EngineDeps, JournalEntry, RunLimits, TurnOutcome } from '@switchboard/engine';
import type { DownloadedFile, InboundEvent, NodeImplementation, NodeServices, Persona } from '@switchboard/flow-schema';
import type { StoredState } from './conversations.ts';
import type { LoadedPlan } from './plans.ts';
import type { ChatResult, LiveEvent } from './service.ts';
import { messagesOf, spanRow, statusOf, toChatReply, toLiveEvent } from './turn-rows.ts';
import type { TurnWrite } from './turn-writer.ts';

// One turn, from a conversation as it stands to the rows that record it. Shared by the inline
// dispatcher (embedded mode) and the queue workers; neither the engine nor this touches storage.

/** A conversation as a turn starts from it. */
export interface TurnSubject {
  id: string;
  flowId: string;
  channel: string;
  externalId: string;
  userId: string | null;
  state: StoredState;
  /** Turns committed so far: the turn's write is fenced on it. */
  turnSeq: number;
}

export interface TurnRequest {
  conversation: TurnSubject;
  /** The plan the turn runs on: the waiting run's own version, or the published one. */
  loaded: LoadedPlan;
  event: InboundEvent;
  runId: string;
  /** The inbound message's row id; null for timer events, which store no message. */
  inboundId: string | null;
  /** Queue mode: the inbox row this turn works off. */
  inboxId?: string;
  implementation: (type: string, version: number) => NodeImplementation | undefined;
  limits?: Partial<RunLimits>;
  /** Results of checkpointed nodes from an earlier, interrupted execution of this run. */
  journal?: ReadonlyMap<string, JournalEntry>;
  checkpoint?: (entry: JournalEntry) => Promise<void>;
  onEvent?: (event: LiveEvent) => void;
  /** What the process offers the turn's nodes; without it they get no services. */
  services?: TurnServices;
}

/** The process-wide pieces the per-turn NodeServices are made from. */
export interface TurnServices {
  personas: { resolve(ref?: string, channelId?: string): Promise<Persona | undefined> };
  ledger: { spentToday(flowId: string): Promise<number> };
  /** Fetches an attachment of a channel message through that channel (the channel host's download). */
  download?: ChannelDownload;
}

export type ChannelDownload = (channelId: string, attachment: Parameters<NonNullable<NodeServices['download']>>[0], signal?: AbortSignal) => Promise<DownloadedFile>;

export interface ExecutedTurn {
  write: TurnWrite;
  result: ChatResult;
  state: StoredState;
}

/** The version a turn of this conversation runs on: a waiting run stays on the version it started on. */
export function versionFor(state: StoredState, published: string): string {
  return state.waiting && state.versionId ? state.versionId : published;
}

export async function executeTurn(request: TurnRequest): Promise<ExecutedTurn> {
  const { conversation, loaded, event, runId } = request;
  const waiting = conversation.state.waiting;
  const deps: EngineDeps = {
    implementation: request.implementation,
    credential: (id) => loaded.credentials.get(id),
    now: Date.now,
    ...(request.checkpoint ? { checkpoint: request.checkpoint } : {}),
    ...(request.services ? { services: nodeServices(request.services, conversation.flowId, channelIdOf(event, conversation.externalId)) } : {}),
  };
  const onEvent = request.onEvent;
  const outcome = await runTurn(
    {
      runId,
      plan: loaded.plan,
      event,
      state: { vars: conversation.state.vars, memory: conversation.state.memory, ...(waiting ? { waiting } : {}) },
      ...(request.limits ? { limits: request.limits } : {}),
      ...(request.journal ? { journal: request.journal } : {}),
      ...(onEvent
        ? {
            onEvent: (engineEvent) => {
              const live = toLiveEvent(engineEvent);
              if (live.type === 'token') {
                const answering = answerNodes(loaded.plan);
                if (answering.size > 0) live.replied = answering.has(live.nodeId);
              }
              onEvent(live);
            },
          }
        : {}),
    },
    deps,
  );
  return recordOf(request, loaded.versionId, outcome, 'done');
}

const answering = new WeakMap<ExecutionPlan, ReadonlySet<string>>();

/**
 * The nodes whose output feeds a Reply node directly: their streamed text is the answer taking shape.
 * A classifier or an extraction step that streams too is not shown to the chat as a draft.
 */
function answerNodes(plan: ExecutionPlan): ReadonlySet<string> {
  let found = answering.get(plan);
  if (!found) {
    const ids = new Set<string>();
    for (const node of plan.nodes.values()) {
      if (node.type !== 'conversation.reply') continue;
      for (const edge of node.inEdges) if (plan.nodes.get(edge.source)?.definition.streams === true) ids.add(edge.source);
    }
    found = ids;
    answering.set(plan, found);
  }
  return found;
}

/** The services one turn's nodes get: personas seen from the turn's channel, the flow's spending. */
export function nodeServices(services: TurnServices, flowId: string, channelId: string | undefined): NodeServices {
  const download = services.download;
  return {
    persona: (ref) => services.personas.resolve(ref, channelId),
    spentToday: () => services.ledger.spentToday(flowId),
    ...(download && channelId !== undefined ? { download: (attachment, signal) => download(channelId, attachment, signal) } : {}),
  };
}

/**
 * The channel a turn came from: a channel message's payload says it (ChannelPayload); a timer event
 * has no payload, but a channel conversation's key starts with the channel's id.
 */
export function channelIdOf(event: InboundEvent, externalId: string): string | undefined {
  const payload = event.payload;
  if (typeof payload === 'object' && payload !== null && 'channelId' in payload && typeof payload.channelId === 'string') return payload.channelId;
  return parseConversationKey(externalId)?.channelId;
}

/**
 * A turn given up without running (its event kept killing workers): recorded as a failed run, which,
 * like any failed turn, keeps the conversation's variables and memory and ends any wait.
 */
export function givenUpTurn(request: Pick<TurnRequest, 'conversation' | 'event' | 'runId' | 'inboundId' | 'inboxId'> & { versionId: string; message: string }): ExecutedTurn {
  const now = Date.now();
  const { vars, memory } = request.conversation.state;
  const outcome: TurnOutcome = { runId: request.runId, status: 'failed', error: { message: request.message }, spans: [], replies: [], state: { vars, memory }, steps: 0, startedAt: now, finishedAt: now };
  return recordOf(request, request.versionId, outcome, 'dead');
}

/** Channels that answer in the HTTP response or not at all; every other channel's replies go through the outbox. */
const ANSWERED_IN_RESPONSE = new Set(['api', 'webhook', 'playground', 'webchat']);

/** A conversation of a platform channel (Telegram, Slack …): its replies must reach the platform. */
export function isChannelConversation(conversation: { channel: string; externalId: string }): boolean {
  return !ANSWERED_IN_RESPONSE.has(conversation.channel) && parseConversationKey(conversation.externalId) !== undefined;
}

/** The rows that record a turn's outcome, and the answer to its caller. */
function recordOf(request: Pick<TurnRequest, 'conversation' | 'event' | 'runId' | 'inboundId' | 'inboxId'>, versionId: string, outcome: TurnOutcome, inboxStatus: 'done' | 'dead'): ExecutedTurn {
  const { conversation, event, runId, inboundId } = request;
  const waiting = outcome.state.waiting;
  const state: StoredState = waiting ? { ...outcome.state, versionId } : outcome.state;
  const write: TurnWrite = {
    conversation: {
      id: conversation.id,
      flowId: conversation.flowId,
      channel: conversation.channel,
      externalId: conversation.externalId,
      userId: conversation.userId,
      status: statusOf(outcome),
      waitingNodeId: waiting?.nodeIds[0] ?? null,
      resumeAt: waiting?.resumeAt === undefined ? null : new Date(waiting.resumeAt),
      state,
      updatedAt: new Date(outcome.finishedAt),
    },
    expectedSeq: conversation.turnSeq,
    ...(request.inboxId === undefined ? {} : { inbox: { id: request.inboxId, status: inboxStatus, runId } }),
    ...(outcome.replies.length > 0 && isChannelConversation(conversation) ? { deliveries: outcome.replies.map((reply) => reply.id) } : {}),
    runs: [
      {
        id: runId,
        conversationId: conversation.id,
        flowVersionId: versionId,
        triggerMessageId: inboundId,
        resumedFromRunId: conversation.state.waiting?.runId ?? null,
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
  };
  return {
    write,
    state,
    result: {
      runId,
      conversationId: conversation.id,
      status: outcome.status,
      replies: outcome.replies.map(toChatReply),
      ...(outcome.error ? { error: outcome.error } : {}),
      duplicate: false,
    },
  };
}
