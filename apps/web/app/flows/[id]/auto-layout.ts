// Auto-layout: each connected part of the graph is laid out left to right by dagre, parts are stacked
// top to bottom in the order they were on the canvas, and unconnected nodes go in a grid below them.
import type { FlowDocument } from '@switchboard/flow-schema';
import { newLayoutGraph, runLayout } from './dagre.ts';
import { moveNodes, type Position } from './document-ops.ts';

export type Size = { width: number; height: number };

/** About the size of a node with one port on each side, for nodes React Flow has not measured. */
const DEFAULT_SIZE: Size = { width: 180, height: 80 };
const NODE_GAP = 40;
const RANK_GAP = 90;
const PART_GAP = 80;

/** Connected parts (edges taken both ways), each in document order, ordered by their first node. */
function connectedParts(doc: FlowDocument): string[][] {
  const parent = new Map(doc.nodes.map((node) => [node.id, node.id]));
  const root = (id: string): string => {
    let current = id;
    for (let up = parent.get(current); up !== undefined && up !== current; up = parent.get(current)) current = up;
    parent.set(id, current);
    return current;
  };
  for (const edge of doc.edges) {
    if (parent.has(edge.source) && parent.has(edge.target)) parent.set(root(edge.source), root(edge.target));
  }
  const parts = new Map<string, string[]>();
  for (const node of doc.nodes) {
    const key = root(node.id);
    parts.set(key, [...(parts.get(key) ?? []), node.id]);
  }
  return [...parts.values()];
}

/** Top-left positions for one connected part, its own top-left corner at (0, 0). */
function layoutPart(doc: FlowDocument, ids: readonly string[], sizeOf: (id: string) => Size): { positions: Map<string, Position>; height: number } {
  const members = new Set(ids);
  const graph = newLayoutGraph();
  graph.setGraph({ rankdir: 'LR', nodesep: NODE_GAP, ranksep: RANK_GAP });
  for (const id of ids) graph.setNode(id, { ...sizeOf(id) });
  for (const edge of doc.edges) {
    if (members.has(edge.source) && members.has(edge.target)) graph.setEdge(edge.source, edge.target, {}, edge.id);
  }
  runLayout(graph);
  const corners = ids.map((id) => {
    const { width, height } = sizeOf(id);
    const centre = graph.node(id);
    const x = centre?.x ?? 0;
    const y = centre?.y ?? 0;
    return { id, x: x - width / 2, y: y - height / 2, bottom: y + height / 2 };
  });
  const left = Math.min(...corners.map((corner) => corner.x));
  const top = Math.min(...corners.map((corner) => corner.y));
  const bottom = Math.max(...corners.map((corner) => corner.bottom));
  return { positions: new Map(corners.map((corner) => [corner.id, { x: corner.x - left, y: corner.y - top }])), height: bottom - top };
}

/**
 * Lays the whole flow out left to right, keeping its top-left corner where it was. `sizes` are the
 * nodes' measured sizes. Returns `doc` itself when nothing moves.
 */
export function autoLayout(doc: FlowDocument, sizes: ReadonlyMap<string, Size>): FlowDocument {
  if (doc.nodes.length === 0) return doc;
  const sizeOf = (id: string): Size => sizes.get(id) ?? DEFAULT_SIZE;
  const origin = { x: Math.min(...doc.nodes.map((node) => node.position.x)), y: Math.min(...doc.nodes.map((node) => node.position.y)) };
  const parts = connectedParts(doc);
  const positions = new Map<string, Position>();
  let top = origin.y;
  for (const ids of parts.filter((part) => part.length > 1)) {
    const part = layoutPart(doc, ids, sizeOf);
    for (const [id, position] of part.positions) positions.set(id, { x: origin.x + position.x, y: top + position.y });
    top += part.height + PART_GAP;
  }
  const loose = parts.filter((part) => part.length === 1).flat();
  const columns = Math.max(1, Math.ceil(Math.sqrt(loose.length)));
  const cellWidth = Math.max(0, ...loose.map((id) => sizeOf(id).width)) + NODE_GAP;
  const cellHeight = Math.max(0, ...loose.map((id) => sizeOf(id).height)) + NODE_GAP;
  loose.forEach((id, index) => {
    positions.set(id, { x: origin.x + (index % columns) * cellWidth, y: top + Math.floor(index / columns) * cellHeight });
  });
  return moveNodes(doc, positions);
}
