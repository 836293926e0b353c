import type { FlowDocument, FlowNode, NodeDefinition, NodeRegistry } from '@switchboard/flow-schema';
import type { Edge } from '@xyflow/react';
import type { EditorNode } from './flow-node.tsx';
import { portsOf } from './ports.ts';

const noPorts = { inputs: {}, outputs: {} };

/** `previous` itself when `next` holds the same objects in the same order: React Flow then has nothing to update. */
function keepSame<T>(next: T[], previous: T[]): T[] {
  return next.length === previous.length && next.every((item, index) => item === previous[index]) ? previous : next;
}

/** The definition a stored node runs on: its own version, or the newest when that one is gone (the compiler migrates). */
export function definitionOf(registry: NodeRegistry, node: FlowNode): NodeDefinition | undefined {
  return registry.get(node.type, node.typeVersion) ?? registry.latest(node.type);
}

/**
 * Canvas nodes for a document, keeping what React Flow measured and selected on the previous ones. A node
 * whose stored node, problems and place did not change keeps its object, so React Flow re-renders only
 * the nodes an edit touched; when no node changed, the previous array itself comes back.
 */
export function toCanvasNodes(doc: FlowDocument, registry: NodeRegistry, problemCounts: ReadonlyMap<string, number>, previous: EditorNode[]): EditorNode[] {
  const before = new Map(previous.map((node) => [node.id, node]));
  const next = doc.nodes.map((flowNode): EditorNode => {
    const old = before.get(flowNode.id);
    const problems = problemCounts.get(flowNode.id) ?? 0;
    // A node being dragged keeps its place until the drop commits it to the document.
    const position = old?.dragging ? old.position : flowNode.position;
    if (old && old.data.flowNode === flowNode && old.data.problems === problems && old.position.x === position.x && old.position.y === position.y) return old;
    const definition = old && old.data.flowNode === flowNode ? old.data.definition : definitionOf(registry, flowNode);
    const ports = old && old.data.flowNode === flowNode ? old.data.ports : definition ? portsOf(definition, flowNode.config) : noPorts;
    return { ...(old ?? {}), id: flowNode.id, type: 'flow', position, data: { flowNode, definition, ports, problems } };
  });
  return keepSame(next, previous);
}

/** Canvas edges for a document; an edge that did not change keeps its object, and with it its selection (and an unchanged list its array). */
export function toCanvasEdges(doc: FlowDocument, previous: Edge[]): Edge[] {
  const before = new Map(previous.map((edge) => [edge.id, edge]));
  const next = doc.edges.map((edge): Edge => {
    const old = before.get(edge.id);
    if (old && old.source === edge.source && old.sourceHandle === edge.sourcePort && old.target === edge.target && old.targetHandle === edge.targetPort) return old;
    return { id: edge.id, source: edge.source, sourceHandle: edge.sourcePort, target: edge.target, targetHandle: edge.targetPort, selected: false };
  });
  return keepSame(next, previous);
}
