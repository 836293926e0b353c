'use client';

import type { Node, NodeProps } from '@xyflow/react';
import { FlowNodeView, type EditorNode } from '../../flows/[id]/flow-node.tsx';
import type { NodeMark } from './trace-path.ts';

export type TraceMark = NodeMark | 'skipped';

/** The editor's node, plus what the run did with it. Keeps the editor's type name so its shell renders as is. */
export type TraceNode = Node<EditorNode['data'] & { mark: TraceMark; runs: number }, 'flow'>;

const said: Record<TraceMark, string> = { ok: 'ran', error: 'failed', suspended: 'waiting', skipped: 'did not run' };

/** The editor's node shell, labelled with the outcome, and the number of executions when it ran more than once. */
export function TraceNodeView(props: NodeProps<TraceNode>) {
  const { mark, runs, flowNode } = props.data;
  return (
    <div className="trace-node" data-testid={`trace-${flowNode.id}`} data-trace={mark} title={`${flowNode.id}: ${said[mark]}${runs > 1 ? `, ${runs} times` : ''}`}>
      <FlowNodeView {...props} />
      {runs > 1 ? <span className="trace-count" aria-label={`ran ${runs} times`}>×{runs}</span> : null}
    </div>
  );
}
