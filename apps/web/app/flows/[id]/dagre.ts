// The part of dagre the auto-layout uses, typed here: dagre 3.1.3 ships declarations whose relative
// imports have no file extension, which `moduleResolution: nodenext` cannot follow, so its own types
// arrive empty. Checked against the package's dist/types/lib/types.d.ts.
import * as dagre from '@dagrejs/dagre';

export interface LayoutGraph {
  setGraph(label: { rankdir: 'LR' | 'TB'; nodesep: number; ranksep: number }): unknown;
  setNode(id: string, label: { width: number; height: number }): unknown;
  setEdge(source: string, target: string, label: object, name: string): unknown;
  /** After `layout`: the node's centre. */
  node(id: string): { x?: number; y?: number } | undefined;
}

interface Dagre {
  graphlib: { Graph: new (options: { multigraph: boolean }) => LayoutGraph };
  layout: (graph: LayoutGraph) => void;
}

const api: Dagre = dagre;

export function newLayoutGraph(): LayoutGraph {
  return new api.graphlib.Graph({ multigraph: true });
}

export function runLayout(graph: LayoutGraph): void {
  api.layout(graph);
}
