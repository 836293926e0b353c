import type { FlowDocument, FlowNode, NodeDefinition, NodeRegistry } from '@switchboard/flow-schema';
import type { Edge } from '@xyflow/react';
import type { EditorNode } from './flow-node.tsx';
import { portsOf } from './ports.ts';

const noPorts = { inputs: {}, outputs: {} };

/** The definition a stored node runs on: its own version, or the newest when that one is gone (the compiler migrates). */
export function definitionOf(registry: NodeRegistry, node: FlowNode): NodeDefinition | undefined {
  return registry.get(node.type, node.typeVersion) ?? registry.latest(node.type);
}

/** Canvas nodes for a document, keeping what React Flow measured and selected on the previous ones. */
export function toCanvasNodes(doc: FlowDocument, registry: NodeRegistry, problemCounts: ReadonlyMap<string, number>, previous: readonly EditorNode[]): EditorNode[] {
  const before = new Map(previous.map((node) => [node.id, node]));
  return doc.nodes.map((flowNode) => {
    const definition = definitionOf(registry, flowNode);
    const old = before.get(flowNode.id);
    return {
      ...(old ?? {}),
      id: flowNode.id,
      type: 'flow',
      // A node being dragged keeps its place until the drop commits it to the document.
      position: old?.dragging ? old.position : flowNode.position,
      data: { flowNode, definition, ports: definition ? portsOf(definition, flowNode.config) : noPorts, problems: problemCounts.get(flowNode.id) ?? 0 },
    };
  });
}

export function toCanvasEdges(doc: FlowDocument, previous: readonly Edge[]): Edge[] {
  const selected = new Set(previous.filter((edge) => edge.selected).map((edge) => edge.id));
  return doc.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourcePort,
    target: edge.target,
    targetHandle: edge.targetPort,
    selected: selected.has(edge.id),
  }));
}
