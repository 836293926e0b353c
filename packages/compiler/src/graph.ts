import type { FlowEdge } from '@switchboard/flow-schema';

/** Adjacency over node ids, built once per compile. */
export class Graph {
  readonly ids: readonly string[];
  readonly outgoing = new Map<string, FlowEdge[]>();
  readonly incoming = new Map<string, FlowEdge[]>();

  constructor(ids: readonly string[], edges: readonly FlowEdge[]) {
    this.ids = ids;
    for (const id of ids) {
      this.outgoing.set(id, []);
      this.incoming.set(id, []);
    }
    for (const edge of edges) {
      this.outgoing.get(edge.source)?.push(edge);
      this.incoming.get(edge.target)?.push(edge);
    }
  }

  out(id: string): FlowEdge[] {
    return this.outgoing.get(id) ?? [];
  }

  in(id: string): FlowEdge[] {
    return this.incoming.get(id) ?? [];
  }
}

/** Nodes reachable from `starts` along edges accepted by `follow`. */
export function reachable(graph: Graph, starts: Iterable<string>, follow: (edge: FlowEdge) => boolean): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of graph.out(id)) if (follow(edge) && !seen.has(edge.target)) stack.push(edge.target);
  }
  return seen;
}

/**
 * Finds one cycle among edges accepted by `follow`, as the list of node ids along it (first repeated last),
 * or undefined. Iterative DFS so that deep flows cannot overflow the stack.
 */
export function findCycle(graph: Graph, follow: (edge: FlowEdge) => boolean): string[] | undefined {
  const state = new Map<string, 'open' | 'closed'>();
  for (const root of graph.ids) {
    if (state.has(root)) continue;
    const path: string[] = [];
    const frames: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'open');
    path.push(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (!frame) break;
      const edges = graph.out(frame.id).filter(follow);
      const edge = edges[frame.next];
      frame.next += 1;
      if (!edge) {
        state.set(frame.id, 'closed');
        frames.pop();
        path.pop();
        continue;
      }
      const seen = state.get(edge.target);
      if (seen === 'open') return [...path.slice(path.indexOf(edge.target)), edge.target];
      if (seen === undefined) {
        state.set(edge.target, 'open');
        path.push(edge.target);
        frames.push({ id: edge.target, next: 0 });
      }
    }
  }
  return undefined;
}

/** Kahn's algorithm over `ids`, following edges accepted by `follow`; ties keep document order. */
export function topologicalOrder(graph: Graph, ids: readonly string[], follow: (edge: FlowEdge) => boolean): string[] {
  const inside = new Set(ids);
  const indegree = new Map<string, number>();
  for (const id of ids) indegree.set(id, graph.in(id).filter((edge) => inside.has(edge.source) && follow(edge)).length);
  const ready = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  for (let index = 0; index < ready.length; index += 1) {
    const id = ready[index];
    if (id === undefined) break;
    order.push(id);
    for (const edge of graph.out(id)) {
      if (!inside.has(edge.target) || !follow(edge)) continue;
      const left = (indegree.get(edge.target) ?? 0) - 1;
      indegree.set(edge.target, left);
      if (left === 0) ready.push(edge.target);
    }
  }
  return order;
}

/** For every node, the set of nodes that must finish (or be skipped) before it can start. */
export function ancestors(graph: Graph, order: readonly string[], follow: (edge: FlowEdge) => boolean): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const id of order) {
    const mine = new Set<string>();
    for (const edge of graph.in(id)) {
      if (!follow(edge)) continue;
      mine.add(edge.source);
      for (const above of result.get(edge.source) ?? []) mine.add(above);
    }
    result.set(id, mine);
  }
  return result;
}
