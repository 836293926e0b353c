import type { z } from 'zod';
import type {
  BodyEntry,
  ChatTurn,
  InboundEvent,
  NodeImplementation,
  NodeResult,
  NodeRunContext,
  NodeServices,
  OutboundMessage,
  Suspension,
  Usage,
} from '@switchboard/flow-schema';

export interface RunNodeOptions<Config extends z.ZodType> {
  /** The config as the engine sees it after resolving expressions; validated with the node's schema. */
  config: z.input<Config>;
  inputs?: Record<string, unknown>;
  /** Merged over a plain API message with empty text. */
  event?: Partial<InboundEvent>;
  vars?: Record<string, unknown>;
  memory?: ChatTurn[];
  credential?: Record<string, string>;
  /** Credentials the config names by id (a fallback's own key). */
  credentials?: Record<string, Record<string, string>>;
  /** Runs the node as if resuming after a suspension, with this event merged over a plain message. */
  resumed?: { event: Partial<InboundEvent> };
  /** Loop nodes: stands in for the body subgraph. */
  runBody?: (item: unknown, index: number, entry: string | undefined) => unknown;
  /** Loop nodes: the nodes wired to the item port, as the engine would list them. */
  bodyEntries?: BodyEntry[];
  /** What the process offers nodes (downloads, personas, spending); none by default. */
  services?: NodeServices;
  signal?: AbortSignal;
  attempt?: number;
}

export interface NodeRun {
  result: NodeResult;
  /** The fired ports and their values; undefined when the node suspended. */
  outputs: Record<string, unknown> | undefined;
  suspension: Suspension | undefined;
  replies: OutboundMessage[];
  tokens: string[];
  usage: Usage[];
  /** Conversation variables and memory after the run. */
  vars: Record<string, unknown>;
  memory: ChatTurn[];
}

export function message(fields: Partial<InboundEvent> = {}): InboundEvent {
  return { kind: 'message', text: '', channel: 'api', receivedAt: '2025-01-01T00:00:00.000Z', ...fields };
}

/**
 * Runs one node the way the engine does, minus the graph: the config is validated with the node's
 * schema first (a bad config throws, as it fails the node in a run), then `run` gets a full context.
 */
export async function runNode<Config extends z.ZodType>(implementation: NodeImplementation<Config>, options: RunNodeOptions<Config>): Promise<NodeRun> {
  const parsed = implementation.definition.config.safeParse(options.config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'config'}: ${issue.message}`);
    throw new Error(`config after expressions: ${issues.join('; ')}`);
  }
  const vars = { ...options.vars };
  let memory = [...(options.memory ?? [])];
  const run: Omit<NodeRun, 'result' | 'outputs' | 'suspension' | 'vars' | 'memory'> = { replies: [], tokens: [], usage: [] };
  const { runBody } = options;
  const context: NodeRunContext<z.output<Config>> = {
    nodeId: 'node',
    config: parsed.data,
    inputs: options.inputs ?? {},
    event: message(options.event),
    vars,
    setVar: (name, value) => {
      vars[name] = value;
    },
    memory: {
      read: (limit) => (limit === undefined ? memory : memory.slice(-limit)),
      append: (...turns) => {
        memory = [...memory, ...turns];
      },
      clear: () => {
        memory = [];
      },
    },
    reply: (outbound) => run.replies.push(outbound),
    token: (token) => run.tokens.push(token),
    usage: (usage) => run.usage.push(usage),
    credential: options.credential,
    credentialById: (id) => options.credentials?.[id],
    attempt: options.attempt ?? 1,
    signal: options.signal ?? new AbortController().signal,
    resumed: options.resumed && { event: message(options.resumed.event) },
    runBody: runBody ? (item, index, entry) => Promise.resolve().then(() => runBody(item, index, entry)) : () => Promise.reject(new Error('runBody is only available to loop nodes')),
    services: options.services ?? {},
    bodyEntries: options.bodyEntries ?? [],
  };
  const result = await implementation.run(context);
  const outputs = 'outputs' in result ? result.outputs : undefined;
  const suspension = 'suspend' in result ? result.suspend : undefined;
  return { result, outputs, suspension, ...run, vars, memory };
}
