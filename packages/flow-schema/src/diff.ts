import type { FlowDocument, FlowEdge, FlowNode } from './document.ts';

/** A config value before and after; `undefined` means the key was absent on that side. */
export interface ConfigChange {
  key: string;
  before: unknown;
  after: unknown;
}

export interface NodeChange {
  nodeId: string;
  type?: { before: string; after: string };
  typeVersion?: { before: number; after: number };
  label?: { before: string | undefined; after: string | undefined };
  config: ConfigChange[];
  settings: boolean;
  credential: boolean;
}

export interface FlowDiff {
  name?: { before: string; after: string };
  description?: { before: string | undefined; after: string | undefined };
  nodesAdded: FlowNode[];
  nodesRemoved: FlowNode[];
  /** Nodes whose meaning changed; a node that only moved is listed in `nodesMoved` instead. */
  nodesChanged: NodeChange[];
  /** Ids of nodes that only moved on the canvas, kept apart so that a view can hide them. */
  nodesMoved: string[];
  edgesAdded: FlowEdge[];
  edgesRemoved: FlowEdge[];
}

/** Key-order-insensitive equality for JSON values. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  const left = Object.entries(a);
  const right = new Map(Object.entries(b));
  return left.length === right.size && left.every(([key, value]) => right.has(key) && sameJson(value, right.get(key)));
}

function diffNode(before: FlowNode, after: FlowNode): NodeChange {
  const change: NodeChange = { nodeId: after.id, config: [], settings: !sameJson(before.settings, after.settings), credential: before.credentialId !== after.credentialId };
  if (before.type !== after.type) change.type = { before: before.type, after: after.type };
  if (before.typeVersion !== after.typeVersion) change.typeVersion = { before: before.typeVersion, after: after.typeVersion };
  if (before.label !== after.label) change.label = { before: before.label, after: after.label };
  const keys = new Set([...Object.keys(before.config), ...Object.keys(after.config)]);
  for (const key of [...keys].sort()) {
    if (!sameJson(before.config[key], after.config[key])) change.config.push({ key, before: before.config[key], after: after.config[key] });
  }
  return change;
}

function meaningful(change: NodeChange): boolean {
  return change.type !== undefined || change.typeVersion !== undefined || change.label !== undefined || change.config.length > 0 || change.settings || change.credential;
}

/** An edge is its wiring: the same ports joined under another id is no change. */
function edgeKey(edge: FlowEdge): string {
  return JSON.stringify([edge.source, edge.sourcePort, edge.target, edge.targetPort]);
}

/** What changed from `a` to `b`, node by node (matched by id) and wire by wire. */
export function diffFlowDocuments(a: FlowDocument, b: FlowDocument): FlowDiff {
  const diff: FlowDiff = { nodesAdded: [], nodesRemoved: [], nodesChanged: [], nodesMoved: [], edgesAdded: [], edgesRemoved: [] };
  if (a.name !== b.name) diff.name = { before: a.name, after: b.name };
  if (a.description !== b.description) diff.description = { before: a.description, after: b.description };
  const beforeNodes = new Map(a.nodes.map((node) => [node.id, node]));
  const afterIds = new Set(b.nodes.map((node) => node.id));
  diff.nodesRemoved = a.nodes.filter((node) => !afterIds.has(node.id));
  for (const node of b.nodes) {
    const before = beforeNodes.get(node.id);
    if (!before) {
      diff.nodesAdded.push(node);
      continue;
    }
    const change = diffNode(before, node);
    if (meaningful(change)) diff.nodesChanged.push(change);
    else if (before.position.x !== node.position.x || before.position.y !== node.position.y) diff.nodesMoved.push(node.id);
  }
  const beforeEdges = new Set(a.edges.map(edgeKey));
  const afterEdges = new Set(b.edges.map(edgeKey));
  diff.edgesRemoved = a.edges.filter((edge) => !afterEdges.has(edgeKey(edge)));
  diff.edgesAdded = b.edges.filter((edge) => !beforeEdges.has(edgeKey(edge)));
  return diff;
}

/** True when nothing but node positions differ. */
export function isEmptyDiff(diff: FlowDiff): boolean {
  return (
    diff.name === undefined &&
    diff.description === undefined &&
    diff.nodesAdded.length + diff.nodesRemoved.length + diff.nodesChanged.length + diff.edgesAdded.length + diff.edgesRemoved.length === 0
  );
}
