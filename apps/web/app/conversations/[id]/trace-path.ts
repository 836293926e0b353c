import type { FlowDocument, FlowEdge, NodeRegistry } from '@switchboard/flow-schema';
import type { Span } from '../api.ts';

/** How a node looks on the trace: the worst of its executions in this run. Nodes that did not run are absent. */
export type NodeMark = 'ok' | 'error' | 'suspended';

export interface NodeTrace {
  mark: NodeMark;
  /** Its executions in this run, in start order: more than one inside a loop body. */
  spans: Span[];
}

export interface RunPath {
  nodes: ReadonlyMap<string, NodeTrace>;
  /** Ids of the edges this run went along. */
  edges: ReadonlySet<string>;
}

/**
 * What a run did on its flow version, from its spans alone.
 *
 * The engine does not store which port fired, but it is knowable: a finished node's span output is
 * exactly its fired ports (the engine computes `fired` as the output's keys; a handled error records
 * `{error: …}`, the error port), and a node runs only when one of its incoming edges is live. So an
 * edge is taken when its source's recorded output holds the edge's port and the target ran after that
 * execution. Where the stored output cannot tell (cut to a preview for size, or empty because a port
 * fired with no value and JSON dropped the key), the order alone decides: both ends ran, the target later.
 * A suspended node fires nothing in this run (it carries on in a later one), a failed one nothing either.
 *
 * Loops are the two exceptions: a loop's item port never appears in its output (the engine feeds the
 * body directly), so that edge is taken when the target ran inside an iteration of that loop; and a
 * body's return edge is taken when its source fired the port inside an iteration of the loop, which
 * itself started before its body.
 */
export function tracePath(doc: FlowDocument, registry: NodeRegistry, spans: readonly Span[]): RunPath {
  const order = new Map(spans.map((span, index) => [span.id, index]));
  const byNode = new Map<string, Span[]>();
  for (const span of spans) byNode.set(span.nodeId, [...(byNode.get(span.nodeId) ?? []), span]);

  const nodes = new Map<string, NodeTrace>();
  for (const [nodeId, executions] of byNode) nodes.set(nodeId, { mark: markOf(executions), spans: executions });

  const loopOf = (nodeId: string) => {
    const node = doc.nodes.find((candidate) => candidate.id === nodeId);
    return node === undefined ? undefined : (registry.get(node.type, node.typeVersion) ?? registry.latest(node.type))?.loop;
  };
  const taken = (edge: FlowEdge): boolean => {
    const sources = byNode.get(edge.source) ?? [];
    const targets = byNode.get(edge.target) ?? [];
    if (sources.length === 0 || targets.length === 0) return false;
    const sourceLoop = loopOf(edge.source);
    if (sourceLoop?.itemPort === edge.sourcePort) return targets.some((target) => insideLoop(target, edge.source));
    const targetLoop = loopOf(edge.target);
    if (targetLoop?.returnPort === edge.targetPort) {
      return sources.some((source) => insideLoop(source, edge.target) && fires(source, edge.sourcePort) !== false);
    }
    return sources.some((source) => {
      const fired = fires(source, edge.sourcePort);
      if (fired === false) return false;
      const after = order.get(source.id) ?? 0;
      return targets.some((target) => (order.get(target.id) ?? 0) > after && sameScope(source, target));
    });
  };
  return { nodes, edges: new Set(doc.edges.filter(taken).map((edge) => edge.id)) };
}

function markOf(executions: readonly Span[]): NodeMark {
  if (executions.some((span) => span.status === 'error')) return 'error';
  if (executions.some((span) => span.status === 'suspended')) return 'suspended';
  return 'ok';
}

/** Whether this execution fired `port`: true, false, or 'unknown' when the stored output cannot tell. */
function fires(span: Span, port: string): boolean | 'unknown' {
  if (span.status === 'suspended') return false;
  const output = span.output;
  if (typeof output !== 'object' || output === null || Array.isArray(output)) return span.status === 'error' ? false : 'unknown';
  if (span.truncated && 'preview' in output && 'truncated' in output) return 'unknown';
  const ports = Object.keys(output);
  if (ports.length === 0) return span.status === 'error' ? false : 'unknown';
  return ports.includes(port);
}

/** Iterations look like `outer#0/inner#2`: is this execution inside an iteration of `loopId`? */
function insideLoop(span: Span, loopId: string): boolean {
  return (span.iteration ?? '').split('/').some((part) => part.slice(0, part.lastIndexOf('#')) === loopId);
}

/** Both ends of an ordinary edge inside a loop body belong to the same iteration. */
function sameScope(source: Span, target: Span): boolean {
  return source.iteration === null || target.iteration === null || source.iteration === target.iteration;
}
