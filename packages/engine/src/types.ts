import type { ExecutionPlan } from '@switchboard/compiler';
import type { ChatTurn, InboundEvent, NodeImplementation, NodeServices, OutboundMessage, Usage } from '@switchboard/flow-schema';

/** What a node left behind in a suspended run: enough to carry on where it stopped. */
export type NodeSnapshot =
  | { status: 'done'; fired: string[]; outputs: Record<string, unknown> }
  | { status: 'skipped' }
  | ({ status: 'suspended' } & WaitSnapshot);

/** What a suspended node waits for: each waiting node keeps its own, so the next wait is known exactly. */
/** `until` (epoch milliseconds): when a delay ends, or when an ask stops waiting for its answer. */
export type WaitSnapshot = { kind: 'ask'; until?: number } | { kind: 'delay'; until: number };

export interface RunSnapshot {
  nodes: Record<string, NodeSnapshot>;
}

/** Where a conversation waits: an ask for the next message, or a delay for a timer. */
export interface WaitingPoint {
  runId: string;
  kind: 'ask' | 'delay';
  /** The suspended nodes; the first is resumed next. */
  nodeIds: string[];
  /** Epoch milliseconds when the run continues with a timer event: a delay's end, or an ask's time-out. */
  resumeAt?: number;
  snapshot: RunSnapshot;
}

/** Everything a conversation carries from one turn to the next. Stored as JSON. */
export interface ConversationState {
  vars: Record<string, unknown>;
  memory: ChatTurn[];
  waiting?: WaitingPoint;
}

export function emptyConversationState(): ConversationState {
  return { vars: {}, memory: [] };
}

export interface RunLimits {
  /** Node executions per turn, loop iterations included. */
  maxSteps: number;
  /** Wall-clock budget of one turn. */
  timeLimitMs: number;
  /** Nodes running at once within one run. */
  parallelism: number;
  /** Chat turns kept in conversation memory. */
  maxMemory: number;
}

export const DEFAULT_LIMITS: RunLimits = { maxSteps: 1000, timeLimitMs: 120_000, parallelism: 8, maxMemory: 100 };

export interface SpanRecord {
  id: string;
  runId: string;
  nodeId: string;
  nodeType: string;
  status: 'ok' | 'error' | 'suspended';
  attempt: number;
  /** Loop iterations that contain this execution, e.g. `loop-1#3`; undefined outside loops. */
  iteration: string | undefined;
  input: unknown;
  output: unknown;
  error: { message: string } | undefined;
  startedAt: number;
  durationMs: number;
  usage: Usage | undefined;
}

export interface ReplyRecord extends OutboundMessage {
  id: string;
  nodeId: string;
  /** Same run, node, iteration and position → same key, so a re-executed run never sends twice. */
  idempotencyKey: string;
}

/** A finished node's result, saved so a re-executed run replays it instead of running the node again. */
export interface JournalEntry {
  /** journalKey(nodeId, iteration) */
  key: string;
  fired: string[];
  outputs: Record<string, unknown>;
  /** What the node changed, applied again on replay exactly as the first time. */
  effects: { vars?: Record<string, unknown>; clearedMemory?: boolean; appendedMemory?: ChatTurn[]; replies?: OutboundMessage[] };
  span: SpanRecord;
}

export type EngineEvent =
  | { type: 'node.started'; nodeId: string; nodeType: string }
  | { type: 'node.finished'; span: SpanRecord }
  | { type: 'token'; nodeId: string; text: string }
  | { type: 'reply'; reply: ReplyRecord };

export interface EngineDeps {
  implementation(type: string, version: number): NodeImplementation | undefined;
  /** Decrypted secrets by credential id, loaded before the turn. */
  credential(id: string): Readonly<Record<string, string>> | undefined;
  now(): number;
  /** What the process offers nodes (file downloads, personas, spending); `spentToday` is completed with this turn's spans. */
  services?: NodeServices;
  /**
   * Saves the result of a checkpointed node before anything downstream of it runs; the turn fails
   * when it rejects. Without it nothing is saved.
   */
  checkpoint?: (entry: JournalEntry) => Promise<void>;
}

export interface TurnInput {
  runId: string;
  plan: ExecutionPlan;
  event: InboundEvent;
  state: ConversationState;
  limits?: Partial<RunLimits>;
  /** Entries saved by an earlier, interrupted execution of this same run: their nodes are replayed, not run. */
  journal?: ReadonlyMap<string, JournalEntry>;
  onEvent?: (event: EngineEvent) => void;
}

export type TurnStatus = 'completed' | 'waiting' | 'failed';

export interface TurnOutcome {
  runId: string;
  status: TurnStatus;
  error: { nodeId?: string; message: string } | undefined;
  spans: SpanRecord[];
  replies: ReplyRecord[];
  /** The conversation's state after the turn, including where it waits, if it does. */
  state: ConversationState;
  steps: number;
  startedAt: number;
  finishedAt: number;
}
