import type { FlowDocument, FlowRequirements, ImportCheck, InboundEvent, OutboundMessage, Usage } from '@switchboard/flow-schema';

/** An error meant for the API caller: `status` is the HTTP status, `message` says what to fix. */
export class SwitchboardError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'SwitchboardError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface FlowSummary {
  id: string;
  name: string;
  description: string | null;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface FlowDetail extends FlowSummary {
  draft: FlowDocument;
  versions: { version: number; id: string; createdAt: string }[];
}

/** A published version with the document it was published from. */
export interface FlowVersionView {
  version: number;
  id: string;
  createdAt: string;
  document: FlowDocument;
}

export interface CompileProblem {
  nodeId?: string;
  field?: string;
  message: string;
}

export interface CredentialSummary {
  id: string;
  name: string;
  type: string;
  createdAt: string;
}

export interface ChatRequest {
  /** The caller's id for the conversation; a new one starts a new conversation. */
  conversationId: string;
  text: string;
  /** The caller's id for this message; a repeated id is answered from the first delivery. */
  messageId?: string;
  userId?: string;
  channel?: string;
  kind?: InboundEvent['kind'];
  payload?: unknown;
}

export type RunStatus = 'running' | 'completed' | 'waiting' | 'failed';

export interface ChatReply extends OutboundMessage {
  id: string;
  nodeId: string;
}

export interface ChatResult {
  runId: string;
  conversationId: string;
  status: RunStatus;
  replies: ChatReply[];
  error?: { nodeId?: string; message: string };
  /** True when this message id was seen before and the stored answer is returned. */
  duplicate: boolean;
}

/** Streamed while a turn runs (the streamed chat endpoint sends these as NDJSON lines). */
export type LiveEvent =
  | { type: 'node.started'; nodeId: string; nodeType: string }
  | { type: 'node.finished'; nodeId: string; status: 'ok' | 'error' | 'suspended'; durationMs: number; output?: unknown; error?: string }
  | { type: 'token'; nodeId: string; text: string }
  | { type: 'reply'; reply: ChatReply };

export const CONVERSATION_STATUSES = ['active', 'waiting', 'delayed', 'failed'] as const;

export interface ConversationSummary {
  id: string;
  flowId: string;
  channel: string;
  externalId: string;
  userId: string | null;
  status: (typeof CONVERSATION_STATUSES)[number];
  waitingNodeId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MessageView {
  id: string;
  direction: 'in' | 'out';
  text: string;
  data: unknown;
  runId: string | null;
  createdAt: string;
}

export interface RunView {
  id: string;
  conversationId: string;
  flowVersionId: string;
  status: RunStatus;
  error: unknown;
  steps: number;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface SpanView {
  id: string;
  runId: string;
  nodeId: string;
  nodeType: string;
  status: 'ok' | 'error' | 'suspended';
  attempt: number;
  iteration: string | null;
  input: unknown;
  output: unknown;
  error: unknown;
  startedAt: string;
  durationMs: number;
  usage: Usage | null;
  truncated: boolean;
}

/** Which conversations the console lists; every field narrows the list, all of them together. */
export interface ConversationFilter {
  flowId?: string;
  status?: ConversationSummary['status'];
  channel?: string;
  userId?: string;
  /** Conversations with a message containing this text, ignoring case. */
  text?: string;
  cursor?: string;
  limit?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TemplateSummary {
  id: string;
  name: string;
  description: string | null;
  requires: FlowRequirements;
}

/** How much work is queued, for the ops endpoint. */
export type QueueFigures =
  | {
      mode: 'inline';
      /** Conversations with a turn running or waiting for one in this process. */
      busyConversations: number;
      /** Conversations parked on a delay in this process. */
      delayedConversations: number;
    }
  | {
      mode: 'queue';
      queues: { name: string; waiting: number; active: number; delayed: number; failed: number; oldestWaitingAgeMs: number | null }[];
      /** The real backlog: inbound events committed but not yet worked off, and those given up. */
      inbox: { pending: number; dead: number; oldestPendingAgeMs: number | null };
    };

/** A playground message: runs the flow's draft in a session kept in memory, never recorded. */
export interface PlaygroundRequest {
  /** The editor's id for the playground session (1 to 200 characters). */
  sessionId: string;
  text: string;
  /** 'timer' ends a delay (or an ask's time-out) now instead of waiting for it. */
  kind?: 'message' | 'timer';
}

/** One node execution of a playground turn, its payloads capped like stored spans. */
export interface PlaygroundSpan {
  nodeId: string;
  nodeType: string;
  status: 'ok' | 'error' | 'suspended';
  iteration: string | null;
  input: unknown;
  output: unknown;
  error: string | null;
  durationMs: number;
  truncated: boolean;
}

export interface PlaygroundResult {
  status: Exclude<RunStatus, 'running'>;
  replies: ChatReply[];
  error?: { nodeId?: string; message: string };
  /** What the session waits for now: an answer (ask) or a timer (delay, `resumeAt` in epoch ms). */
  waiting?: { kind: 'ask' | 'delay'; resumeAt?: number };
  spans: PlaygroundSpan[];
}

/** Everything the HTTP layer may ask of Switchboard. Methods throw SwitchboardError for caller mistakes. */
export interface SwitchboardService {
  readonly info: { database: 'embedded' | 'postgres'; queue: 'inline' | 'bullmq'; version: string };
  importFlow(document: unknown): Promise<FlowDetail>;
  listFlows(): Promise<FlowSummary[]>;
  getFlow(flowId: string): Promise<FlowDetail>;
  updateDraft(flowId: string, document: unknown): Promise<FlowDetail>;
  /** Deletes a flow with its versions, conversations and runs; 404 for an unknown flow. */
  deleteFlow(flowId: string): Promise<void>;
  /** The draft as a file to share: stable key order, credentials stripped, what it needs under `requires`. */
  exportFlow(flowId: string): Promise<string>;
  /** What a flow document still needs on this server (node types, credentials), before importing it. */
  checkImport(document: unknown): Promise<{ document: FlowDocument; checks: ImportCheck[] }>;
  listTemplates(): Promise<TemplateSummary[]>;
  /** Creates a flow (a draft) from a built-in template. */
  createFromTemplate(templateId: string): Promise<FlowDetail>;
  /** Compiles the draft and stores it as the next immutable version; 422 with the problems if it fails. */
  publish(flowId: string): Promise<{ version: number; id: string }>;
  /** One published version and its document; 404 lists the versions there are. */
  getFlowVersion(flowId: string, version: number): Promise<FlowVersionView>;
  /** Copies a version's document into the draft (does not publish) and returns the flow. */
  restoreFlowVersion(flowId: string, version: number): Promise<FlowDetail>;
  /** Stores a credential; `secret` is encrypted at rest and never returned. */
  createCredential(input: { name: string; type: string; secret: Record<string, string> }): Promise<CredentialSummary>;
  listCredentials(): Promise<CredentialSummary[]>;
  chat(flowId: string, request: ChatRequest, onEvent?: (event: LiveEvent) => void): Promise<ChatResult>;
  listConversations(filter: ConversationFilter): Promise<Page<ConversationSummary>>;
  getConversation(conversationId: string): Promise<ConversationSummary>;
  listMessages(conversationId: string, options: { cursor?: string; limit?: number }): Promise<Page<MessageView>>;
  listRuns(conversationId: string, options: { cursor?: string; limit?: number }): Promise<Page<RunView>>;
  getRun(runId: string): Promise<RunView>;
  listSpans(runId: string): Promise<SpanView[]>;
  /** Runs one turn of the flow's current draft in a playground session; 422 when the draft does not compile. */
  playgroundChat(flowId: string, request: PlaygroundRequest, onEvent?: (event: LiveEvent) => void): Promise<PlaygroundResult>;
  /** Forgets a playground session: its next message starts over. */
  resetPlayground(flowId: string, sessionId: string): void;
  queueFigures(): Promise<QueueFigures>;
  /** Whether the database answers; for the health endpoint. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
