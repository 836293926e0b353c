import type { FlowEdge, NodeDefinition, NodeSettings, PortSpec, Scope } from '@switchboard/flow-schema';

/** A compiled node: everything the engine needs, prepared once at publish time. */
export interface PlanNode {
  id: string;
  type: string;
  version: number;
  definition: NodeDefinition;
  /** The operator's name for the node on the canvas, if any. */
  label: string | undefined;
  /** Output ports after `outputsFor`. */
  outputs: Readonly<Record<string, PortSpec>>;
  /** Resolves config for one execution; static configs return the same parsed object every time. */
  resolveConfig(scope: Scope): ConfigResolution;
  /** True when some config string holds an expression. */
  dynamicConfig: boolean;
  settings: Required<NodeSettings>;
  credentialId: string | undefined;
  /** Every credential the node may use: its own and those its config names (credentialRefsOf). */
  credentialRefs: readonly string[];
  /** Edges arriving at this node, in document order. */
  inEdges: readonly FlowEdge[];
  /** Edges leaving this node, in document order. */
  outEdges: readonly FlowEdge[];
  /** Failures flow to the `error` port instead of failing the run. */
  handlesErrors: boolean;
  /** The node's result is saved when it finishes and replayed when the run is re-executed. */
  checkpoint: boolean;
  /** Loop nodes: the nodes of the body, in topological order. */
  body: LoopBody | undefined;
  /** The loop whose body holds this node, if any. */
  loopId: string | undefined;
}

export interface LoopBody {
  nodeIds: readonly string[];
  itemPort: string;
  returnPort: string;
}

export type ConfigResolution = { ok: true; config: unknown } | { ok: false; message: string };

export interface ExecutionPlan {
  name: string;
  nodes: ReadonlyMap<string, PlanNode>;
  /** Nodes outside any loop body, in topological order. */
  rootIds: readonly string[];
  /** Trigger node ids per inbound event kind (`message`), and per kind and channel (`message@telegram`). */
  triggers: ReadonlyMap<string, readonly string[]>;
}

/** The `triggers` key of a platform's own trigger. */
export function triggerKey(kind: string, channel: string): string {
  return `${kind}@${channel}`;
}

/**
 * Which trigger starts a run for an event: the channel's own trigger, else one that takes the kind
 * from any channel. The playground tries a flow without a channel, so it takes any trigger of the kind.
 */
export function chooseTrigger(plan: Pick<ExecutionPlan, 'triggers'>, kind: string, channel: string): string | undefined {
  const own = plan.triggers.get(triggerKey(kind, channel))?.[0] ?? plan.triggers.get(kind)?.[0];
  if (own !== undefined || channel !== 'playground') return own;
  for (const [key, ids] of plan.triggers) if (key.startsWith(`${kind}@`) && ids[0] !== undefined) return ids[0];
  return undefined;
}

export interface CompileProblem {
  nodeId?: string;
  edgeId?: string;
  field?: string;
  message: string;
}

export type CompileResult = { ok: true; plan: ExecutionPlan } | { ok: false; problems: CompileProblem[] };
