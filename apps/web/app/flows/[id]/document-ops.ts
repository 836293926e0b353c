// Pure edits of a flow document: every editor action is one of these, so undo/redo only keeps snapshots.
import type { FlowDocument, FlowEdge, FlowNode, NodeDefinition } from '@switchboard/flow-schema';

export type Position = { x: number; y: number };

/** `<last part of the type>-<n>` with the smallest n not yet taken, e.g. `reply-2`. */
export function freshNodeId(doc: FlowDocument, type: string): string {
  const suffix = (type.split('.').at(-1) ?? 'node').replace(/[^A-Za-z0-9_-]/g, '') || 'node';
  const taken = new Set(doc.nodes.map((node) => node.id));
  let n = 1;
  while (taken.has(`${suffix}-${n}`)) n += 1;
  return `${suffix}-${n}`;
}

function freshEdgeId(doc: FlowDocument): string {
  const taken = new Set(doc.edges.map((edge) => edge.id));
  let n = 1;
  while (taken.has(`edge-${n}`)) n += 1;
  return `edge-${n}`;
}

/** The config a new node starts with: the schema's defaults when an empty config parses, else nothing. */
export function defaultConfig(definition: NodeDefinition): Record<string, unknown> {
  const parsed = definition.config.safeParse({});
  const data: unknown = parsed.success ? parsed.data : undefined;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? { ...data } : {};
}

export function addNode(doc: FlowDocument, definition: NodeDefinition, position: Position): { doc: FlowDocument; id: string } {
  const id = freshNodeId(doc, definition.type);
  const node: FlowNode = { id, type: definition.type, typeVersion: definition.version, config: defaultConfig(definition), position: { x: Math.round(position.x), y: Math.round(position.y) } };
  return { doc: { ...doc, nodes: [...doc.nodes, node] }, id };
}

export function connect(doc: FlowDocument, edge: Omit<FlowEdge, 'id'>): FlowDocument {
  const duplicate = doc.edges.some(
    (e) => e.source === edge.source && e.sourcePort === edge.sourcePort && e.target === edge.target && e.targetPort === edge.targetPort,
  );
  return duplicate ? doc : { ...doc, edges: [...doc.edges, { id: freshEdgeId(doc), ...edge }] };
}

/** Removes the nodes, their edges, and the given edges. */
export function removeElements(doc: FlowDocument, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): FlowDocument {
  return {
    ...doc,
    nodes: doc.nodes.filter((node) => !nodeIds.has(node.id)),
    edges: doc.edges.filter((edge) => !edgeIds.has(edge.id) && !nodeIds.has(edge.source) && !nodeIds.has(edge.target)),
  };
}

export function setConfig(doc: FlowDocument, nodeId: string, config: Record<string, unknown>): FlowDocument {
  return { ...doc, nodes: doc.nodes.map((node) => (node.id === nodeId ? { ...node, config } : node)) };
}

/** Returns `doc` itself when nothing moved, so a click that drags nothing leaves no undo step. */
export function moveNodes(doc: FlowDocument, positions: ReadonlyMap<string, Position>): FlowDocument {
  const nodes = doc.nodes.map((node) => {
    const position = positions.get(node.id);
    if (!position) return node;
    const x = Math.round(position.x);
    const y = Math.round(position.y);
    if (x === node.position.x && y === node.position.y) return node;
    return { ...node, position: { x, y } };
  });
  return nodes.some((node, index) => node !== doc.nodes[index]) ? { ...doc, nodes } : doc;
}

const COLUMN = 280;
const ROW = 160;

/**
 * Documents without positions parse with every node at (0, 0): such nodes are laid out left to right,
 * one column per step from the flow's sources.
 */
export function layoutUnplaced(doc: FlowDocument): FlowDocument {
  const unplaced = doc.nodes.filter((node) => node.position.x === 0 && node.position.y === 0);
  if (unplaced.length < 2) return doc;
  const depth = new Map<string, number>(doc.nodes.map((node) => [node.id, 0]));
  // Longest path from a source, bounded so that a cycle cannot loop forever.
  for (let pass = 0; pass < doc.nodes.length; pass += 1) {
    let changed = false;
    for (const edge of doc.edges) {
      const next = (depth.get(edge.source) ?? 0) + 1;
      if (depth.has(edge.target) && next > (depth.get(edge.target) ?? 0) && next < doc.nodes.length) {
        depth.set(edge.target, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const rows = new Map<number, number>();
  const positions = new Map<string, Position>();
  for (const node of unplaced) {
    const column = depth.get(node.id) ?? 0;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions.set(node.id, { x: column * COLUMN, y: row * ROW });
  }
  return moveNodes(doc, positions);
}
