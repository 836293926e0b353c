import type { BotIdentity, ChannelCapabilities, HttpDelivery, InboundChannelMessage } from '@switchboard/channels';
import type { ChannelView } from './channels/admin.ts';
import type { FlowDocument, FlowRequirements, ImportCheck, InboundEvent, OutboundMessage, Usage } from '@switchboard/flow-schema';

export type { ChannelView } from './channels/admin.ts';
export type { ChannelStatus } from './channels/host.ts';

export interface ChannelTypeView {
  type: string;
  credentialType: string;
  capabilities: ChannelCapabilities;
}

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
  /** Bumped by every write of the draft; a save may name the revision it was based on (If-Match). */
  draftRevision: number;
  createdAt: string;
  updatedAt: string;
}

/** A row of the flows list: the summary, the channels bound to the flow, and its newest run. */
export interface FlowListItem extends FlowSummary {
  channels: { id: string; name: string; type: string; status: string }[];
  lastRun: { id: string; status: RunStatus; startedAt: string } | null;
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

/** A flow that uses a credential: in its draft, its live (published) version, or both. */
export interface CredentialUse {
  flowId: string;
  flowName: string;
  in: ('draft' | 'published')[];
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
  /**
   * A piece of a node's streamed text. `replied` says whether that node's text goes on to a reply (its
   * output is wired to a Reply node), when the flow shows it: channels only stream those into a draft.
   */
  | { type: 'token'; nodeId: string; text: string; replied?: boolean }
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
  /** Last activity (updatedAt) at or after this instant. */
  from?: Date;
  /** Last activity (updatedAt) at or before this instant. */
  to?: Date;
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
  /** `builtin`: a file in the server's templates directory; `instance`: a flow saved as a template here. */
  source: 'builtin' | 'instance';
}

/** POST /api/v1/templates: save a flow's draft as a template; name and description default to the flow's. */
export interface SaveTemplateRequest {
  flowId: string;
  name?: string;
  description?: string;
}

/** A persona of the library, as the API shows it. */
export type ModelCheckView = { ok: true; models: string[]; modelKnown?: boolean } | { ok: false; error: { kind: string; message: string } };

export interface PersonaView {
  id: string;
  name: string;
  systemPrompt: string;
  greeting: string | null;
  style: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Model spending of one flow on one UTC day with one model. */
export interface UsageRowView {
  flowId: string;
  flowName: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
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
  /** Every flow, most recently updated first, with its bound channels and newest run (one query). */
  listFlows(): Promise<FlowListItem[]>;
  getFlow(flowId: string): Promise<FlowDetail>;
  /**
   * Replaces the draft. With `baseRevision`, only if the stored draft is still at that revision: else 409
   * `draft_conflict` (someone else saved meanwhile). Without it, overwrites whatever is there.
   */
  updateDraft(flowId: string, document: unknown, baseRevision?: number): Promise<FlowDetail>;
  /** Deletes a flow with its versions, conversations and runs; 404 for an unknown flow. */
  deleteFlow(flowId: string): Promise<void>;
  /** The draft as a file to share: stable key order, credentials stripped, what it needs under `requires`. */
  exportFlow(flowId: string): Promise<string>;
  /** What a flow document still needs on this server (node types, credentials), before importing it. */
  checkImport(document: unknown): Promise<{ document: FlowDocument; checks: ImportCheck[] }>;
  /** The built-in templates, then those saved on this instance (newest first). */
  listTemplates(): Promise<TemplateSummary[]>;
  /** Creates a flow (a draft) from a built-in or an instance template. */
  createFromTemplate(templateId: string): Promise<FlowDetail>;
  /** Stores a flow's draft, in its export form (credentials stripped), as an instance template. */
  saveTemplate(request: SaveTemplateRequest): Promise<TemplateSummary>;
  /** Deletes an instance template; 409 for a built-in one, 404 for an unknown id. */
  deleteTemplate(templateId: string): Promise<void>;
  /** Compiles the draft and stores it as the next immutable version; 422 with the problems if it fails. */
  publish(flowId: string): Promise<{ version: number; id: string }>;
  /** One published version and its document; 404 lists the versions there are. */
  getFlowVersion(flowId: string, version: number): Promise<FlowVersionView>;
  /** Copies a version's document into the draft (does not publish) and returns the flow. */
  restoreFlowVersion(flowId: string, version: number): Promise<FlowDetail>;
  /** Stores a credential; `secret` is encrypted at rest and never returned. */
  createCredential(input: { name: string; type: string; secret: Record<string, string> }): Promise<CredentialSummary>;
  /** Oldest first; `type` keeps only credentials of that type. */
  listCredentials(type?: string): Promise<CredentialSummary[]>;
  /**
   * Deletes a credential; 404 for an unknown one. 409 (code `credential_in_use`, the flows in `details.flows`)
   * while a flow's draft or live version uses it, unless `force`: those flows then report the missing
   * credential when compiled, and their live version stops running until it is republished with another.
   */
  deleteCredential(credentialId: string, options?: { force?: boolean }): Promise<void>;
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
  /** Channels: platform connections bound to flows (Telegram, Slack …). */
  channelTypes(): ChannelTypeView[];
  listChannels(): Promise<ChannelView[]>;
  getChannel(channelId: string): Promise<ChannelView>;
  createChannel(input: unknown): Promise<ChannelView>;
  updateChannel(channelId: string, patch: unknown): Promise<ChannelView>;
  deleteChannel(channelId: string): Promise<void>;
  /** Asks the platform who the bot is with the channel's credentials. */
  testChannel(channelId: string): Promise<BotIdentity>;
  /** A platform's webhook delivery: verified, parsed, recorded; the answer the platform gets. */
  receiveChannelDelivery(channelId: string, delivery: HttpDelivery): Promise<{ status: number; body: unknown }>;
  /** A message to a channel that answers in the request (the web chat), under the trigger's wake rules. */
  converseOnChannel(channelId: string, message: InboundChannelMessage, onEvent?: (event: LiveEvent) => void): Promise<ChatResult>;
  /** The persona library, by name. */
  listPersonas(): Promise<PersonaView[]>;
  getPersona(personaId: string): Promise<PersonaView>;
  /** 400 `invalid_persona` with the bad fields; 409 `persona_name_taken` when the name (in any case) is used. */
  createPersona(input: unknown): Promise<PersonaView>;
  /** Replaces a persona's fields, with the checks of createPersona. */
  updatePersona(personaId: string, input: unknown): Promise<PersonaView>;
  /** Channels set to the persona go without one. */
  deletePersona(personaId: string): Promise<void>;
  /** Model spending per flow, model and UTC day over the last `days` days (today included), newest first. */
  listUsage(filter: { days: number; flowId?: string }): Promise<UsageRowView[]>;
  /**
   * Reaches a model provider as a model node would (its preset or address, a stored credential's key)
   * and lists its models; a failure comes back as the explained error a run would end with.
   */
  checkModel(input: { provider: string; baseUrl?: string; model?: string; credentialId?: string }): Promise<ModelCheckView>;
  /** Whether the database answers; for the health endpoint. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
