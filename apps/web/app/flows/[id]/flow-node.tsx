'use client';

import { ERROR_PORT, type FlowNode, type NodeDefinition } from '@switchboard/flow-schema';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { Ports } from './ports.ts';

export type EditorNode = Node<{ flowNode: FlowNode; definition: NodeDefinition | undefined; ports: Ports; problems: number }, 'flow'>;

/** The view shows `data` only: a move, a measurement or a drag of the node leaves it as it is. */
function sameData(previous: NodeProps<EditorNode>, next: NodeProps<EditorNode>): boolean {
  return previous.data === next.data;
}

/**
 * The one shell every node type shares: title, id, a labelled handle per port, and a problem badge.
 * Memoized on its data: on a big flow an edit re-renders only the nodes it changed, and React Flow's
 * measuring of every node after the first render, or a drag, re-renders none.
 */
export const FlowNodeView = memo(function FlowNodeView({ data }: NodeProps<EditorNode>) {
  const { flowNode, definition, ports, problems } = data;
  const inputs = Object.entries(ports.inputs);
  const outputs = Object.entries(ports.outputs);
  return (
    <div className={`sb-node${problems > 0 ? ' has-problems' : ''}`} data-testid={`node-${flowNode.id}`}>
      <div className="sb-node-head">
        <span className="sb-node-title">{flowNode.label ?? definition?.title ?? flowNode.type}</span>
        {problems > 0 && (
          <span className="sb-badge" title={`${problems} problem${problems === 1 ? '' : 's'}`} aria-label={`${problems} problems`}>
            {problems}
          </span>
        )}
      </div>
      <div className="sb-node-id">{flowNode.id}</div>
      <div className="sb-node-ports">
        <div>
          {inputs.map(([name, spec]) => (
            <div key={name} className="sb-port in" title={`${spec.type}${spec.description ? `: ${spec.description}` : ''}`}>
              <Handle type="target" position={Position.Left} id={name} className={`port-${spec.type}`} />
              {spec.label ?? name}
              {spec.required ? '*' : ''}
            </div>
          ))}
        </div>
        <div>
          {outputs.map(([name, spec]) => (
            <div key={name} className={`sb-port out${name === ERROR_PORT ? ' error-port' : ''}`} title={`${spec.type}${spec.description ? `: ${spec.description}` : ''}`}>
              {spec.label ?? name}
              <Handle type="source" position={Position.Right} id={name} className={`port-${spec.type}`} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}, sameData);
