// Pure edits of a flow document: every editor action is one of these, so undo/redo only keeps snapshots.
import type { FlowDocument, FlowEdge, FlowNode, NodeDefinition } from '@switchboard/flow-schema';

export type Position = { x: number; y: number };

function idPrefix(type: string): string {
  return (type.split('.').at(-1) ?? 'node').replace(/[^A-Za-z0-9_-]/g, '') || 'node';
}

/** `<prefix>-<n>` with the smallest n not in `taken`. */
function firstFree(taken: ReadonlySet<string>, prefix: string): string {
  let n = 1;
  while (taken.has(`${prefix}-${n}`)) n += 1;
  return `${prefix}-${n}`;
}

/** `<last part of the type>-<n>` with the smallest n not yet taken, e.g. `reply-2`. */
export function freshNodeId(doc: FlowDocument, type: string): string {
  return firstFree(new Set(doc.nodes.map((node) => node.id)), idPrefix(type));
}

function freshEdgeId(doc: FlowDocument): string {
  return firstFree(new Set(doc.edges.map((edge) => edge.id)), 'edge');
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

/** Removes the nodes, their edges, and the given edges; returns `doc` itself when none of them is there. */
export function removeElements(doc: FlowDocument, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): FlowDocument {
  const nodes = doc.nodes.filter((node) => !nodeIds.has(node.id));
  const edges = doc.edges.filter((edge) => !edgeIds.has(edge.id) && !nodeIds.has(edge.source) && !nodeIds.has(edge.target));
  return nodes.length === doc.nodes.length && edges.length === doc.edges.length ? doc : { ...doc, nodes, edges };
}

/** The given nodes and the edges among them, as a document of their own: what copy puts on the clipboard. */
export function copyFragment(doc: FlowDocument, nodeIds: ReadonlySet<string>): FlowDocument {
  return {
    schemaVersion: doc.schemaVersion,
    name: doc.name,
    nodes: doc.nodes.filter((node) => nodeIds.has(node.id)),
    edges: doc.edges.filter((edge) => nodeIds.has(edge.source) && nodeIds.has(edge.target)),
  };
}

/** The top-left corner of a fragment's nodes. */
export function fragmentOrigin(fragment: FlowDocument): Position {
  if (fragment.nodes.length === 0) return { x: 0, y: 0 };
  return { x: Math.min(...fragment.nodes.map((node) => node.position.x)), y: Math.min(...fragment.nodes.map((node) => node.position.y)) };
}

/**
 * Adds a copy of the fragment's nodes, moved by `shift`, under fresh ids (`reply-1` pasted beside
 * `reply-1` becomes `reply-2`), with the fragment's edges rewired to them; edges leaving the fragment are
 * dropped. Returns the new nodes' ids in fragment order.
 */
export function pasteFragment(doc: FlowDocument, fragment: FlowDocument, shift: Position): { doc: FlowDocument; ids: string[] } {
  const takenNodes = new Set(doc.nodes.map((node) => node.id));
  const renamed = new Map<string, string>();
  const nodes = fragment.nodes.map((node): FlowNode => {
    const id = firstFree(takenNodes, idPrefix(node.type));
    takenNodes.add(id);
    renamed.set(node.id, id);
    return { ...node, id, position: { x: Math.round(node.position.x + shift.x), y: Math.round(node.position.y + shift.y) } };
  });
  const takenEdges = new Set(doc.edges.map((edge) => edge.id));
  const edges: FlowEdge[] = [];
  for (const edge of fragment.edges) {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (source === undefined || target === undefined) continue;
    const id = firstFree(takenEdges, 'edge');
    takenEdges.add(id);
    edges.push({ ...edge, id, source, target });
  }
  if (nodes.length === 0) return { doc, ids: [] };
  return { doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] }, ids: nodes.map((node) => node.id) };
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
