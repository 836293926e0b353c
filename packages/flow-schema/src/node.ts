import type { z } from 'zod';
import type { NodeSettings } from './document.ts';
import type { ChatTurn, InboundEvent, OutboundMessage, Usage } from './events.ts';
import type { PortSpec } from './ports.ts';

export const NODE_KINDS = ['trigger', 'action', 'model', 'retrieval', 'code', 'logic', 'conversation', 'plugin'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export interface InputPortSpec extends PortSpec {
  /** Accepts several edges; the node then receives the list of values from live edges, in edge order. */
  multiple?: boolean;
}

/**
 * What the editor, the compiler and the engine know about a node type. Browser-safe: no server code,
 * no SDKs. The server half is attached with `implementNode`.
 */
export interface NodeDefinition<Config extends z.ZodType = z.ZodType> {
  /** Namespaced and never reused, e.g. `logic.condition`. */
  type: string;
  version: number;
  kind: NodeKind;
  title: string;
  description: string;
  category: string;
  icon?: string;
  inputs: Record<string, InputPortSpec>;
  outputs: Record<string, PortSpec>;
  /** Output ports that depend on config (a switch's cases); when present it replaces `outputs`. */
  outputsFor?: (config: z.output<Config>) => Record<string, PortSpec>;
  /**
   * Stored config. Any string may hold `{{ … }}` expressions; they are resolved before `run`, and the
   * resolved config is validated against this schema again.
   */
  config: Config;
  /** The credential type this node needs; secrets never sit in config. */
  credential?: { type: string; optional?: boolean };
  /**
   * Triggers only: the inbound event kinds that start a run at this node, and, for a platform's own
   * trigger, the channels it listens to (a Telegram trigger takes `telegram` messages; a trigger
   * without `channels` takes the kinds from any channel that has no trigger of its own).
   */
  trigger?: { events: InboundEvent['kind'][]; channels?: string[] };
  /** Loop nodes: the output port that feeds each item to the body and the input port the body returns to. */
  loop?: { itemPort: string; returnPort: string };
  /** The node may suspend the run (ask, delay); such nodes may not sit inside a loop body. */
  suspends?: boolean;
  /** The node streams tokens while it runs. */
  streams?: boolean;
  /**
   * The node reaches outside Switchboard or costs money: its result is saved as soon as it finishes,
   * so a run re-executed after a crash replays it instead of running it again.
   */
  checkpoint?: boolean;
  /** Default retry and timeout policy; a flow may override it per node. */
  defaults?: NodeSettings;
  /** Config migrations: `migrations[n]` turns a version-n config into a version-(n+1) config. */
  migrations?: Record<number, (config: Record<string, unknown>) => Record<string, unknown>>;
}

export function defineNode<Config extends z.ZodType>(definition: NodeDefinition<Config>): NodeDefinition<Config> {
  return definition;
}

/** Snapshot of a suspended node, handed back to it when the run resumes. */
export interface Resumption {
  /** The event that resumed the run: the next message for an ask, a timer event for a delay. */
  event: InboundEvent;
}

export interface NodeRunContext<Config> {
  readonly nodeId: string;
  /** Config with expressions resolved and validated. */
  readonly config: Config;
  /** Values on the input ports (an array for `multiple` ports). Ports whose edges are dead are absent. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The event that started this turn. */
  readonly event: InboundEvent;
  /** Conversation variables as they are now, including changes made earlier in this turn. */
  readonly vars: Readonly<Record<string, unknown>>;
  setVar(name: string, value: unknown): void;
  /** The conversation's chat history kept across turns. */
  readonly memory: {
    read(limit?: number): readonly ChatTurn[];
    append(...turns: ChatTurn[]): void;
    clear(): void;
  };
  /** Queues a message to the conversation; the engine gives it an idempotency key. */
  reply(message: OutboundMessage): void;
  /** Streams a token of a reply in progress to whoever watches the run. */
  token(text: string): void;
  /** Records model usage on this node's span. */
  usage(usage: Usage): void;
  /** Decrypted secrets of the node's credential, if it has one. */
  readonly credential: Readonly<Record<string, string>> | undefined;
  /** Decrypted secrets of a credential the node's config names (a `credentialId` field), if it exists. */
  credentialById(id: string): Readonly<Record<string, string>> | undefined;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Aborted when the node's time budget or the run's runs out. */
  readonly signal: AbortSignal;
  /** Set when the node suspended earlier and the run is resuming at it. */
  readonly resumed: Resumption | undefined;
  /**
   * Loop nodes only: runs the body once for `item` and returns what arrives at the return port (or,
   * when nothing does, the outputs of the body's entry node). `entry` runs only the part of the body
   * that starts at that node (an agent's tool), leaving the other entries skipped.
   */
  runBody(item: unknown, index: number, entry?: string): Promise<unknown>;
  /** Loop nodes: the nodes wired to the body's item port (an agent's tools), in document order. */
  readonly bodyEntries: readonly BodyEntry[];
  /** What the process running the turn offers nodes beyond the turn itself; any of it may be absent. */
  readonly services: NodeServices;
}

/** A node that starts a loop body: enough for an agent to offer it to a model as a tool. */
export interface BodyEntry {
  nodeId: string;
  nodeType: string;
  label: string | undefined;
  /** The node type's title and description. */
  title: string;
  description: string;
}

/** A file's bytes, fetched from where a message left it. */
export interface DownloadedFile {
  bytes: Uint8Array;
  name?: string;
  mimeType?: string;
}

/** A persona from the instance's library: who the bot is in a conversation. */
export interface Persona {
  id: string;
  name: string;
  systemPrompt: string;
  /** Said when a conversation switches to this persona. */
  greeting?: string;
  /** How to write (tone, length, formatting), added after the system prompt. */
  style?: string;
}

export interface NodeServices {
  /** Fetches a file that came with the turn's message (`event.payload.message.attachments[i]`) through its channel. */
  download?(attachment: { kind: string; ref: string; name?: string; mimeType?: string }, signal?: AbortSignal): Promise<DownloadedFile>;
  /**
   * A persona by id or name; without one, the persona the conversation's channel is set to use.
   * Undefined when there is no such persona.
   */
  persona?(ref?: string): Promise<Persona | undefined>;
  /** US dollars this flow has spent on models today (UTC), this turn's spending so far included. */
  spentToday?(): Promise<number>;
}

export type Suspension =
  | { kind: 'ask'; prompt?: OutboundMessage; /** epoch milliseconds: stop waiting then, resuming the node with a timer event */ until?: number }
  | { kind: 'delay'; /** epoch milliseconds */ until: number };

/** Outputs fire the ports present as keys; absent ports are dead. */
export type NodeResult = { outputs: Record<string, unknown> } | { suspend: Suspension };

export interface NodeImplementation<Config extends z.ZodType = z.ZodType> {
  definition: NodeDefinition<Config>;
  run(ctx: NodeRunContext<z.output<Config>>): Promise<NodeResult> | NodeResult;
}

export function implementNode<Config extends z.ZodType>(
  definition: NodeDefinition<Config>,
  run: NodeImplementation<Config>['run'],
): NodeImplementation<Config> {
  return { definition, run };
}

/**
 * A failure another attempt cannot fix (a refused API key, an unknown model, a malformed request):
 * the engine does not retry it, whatever the node's retry settings say.
 */
export class PermanentNodeError extends Error {
  override readonly name = 'PermanentNodeError';
}

export function isPermanentNodeError(error: unknown): boolean {
  return error instanceof PermanentNodeError;
}
