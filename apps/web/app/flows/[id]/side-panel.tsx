'use client';

import type { FlowNode, NodeDefinition } from '@switchboard/flow-schema';
import { ZodForm } from '../../components/zod-form.tsx';
import type { Problem } from './api.ts';

interface SidePanelProps {
  node: FlowNode | undefined;
  definition: NodeDefinition | undefined;
  problems: readonly Problem[];
  onConfigChange: (nodeId: string, config: Record<string, unknown>) => void;
}

/** The selected node: what it is, and its config form. */
export function SidePanel({ node, definition, problems, onConfigChange }: SidePanelProps) {
  if (!node) {
    return (
      <aside className="sb-panel" aria-label="Node settings">
        <p className="muted">Select a node to edit it.</p>
      </aside>
    );
  }
  const own = problems.filter((problem) => problem.nodeId === node.id);
  return (
    <aside className="sb-panel" aria-label="Node settings">
      <h2>{node.label ?? definition?.title ?? node.type}</h2>
      <p className="sb-panel-id">
        <code>{node.id}</code> · <span className="muted">{node.type} v{node.typeVersion}</span>
      </p>
      {definition ? (
        <>
          <p className="muted">{definition.description}</p>
          <ZodForm
            key={node.id}
            schema={definition.config}
            value={node.config}
            onChange={(next) => { onConfigChange(node.id, next); }}
            problems={own.map((problem) => (problem.field === undefined ? { message: problem.message } : { field: problem.field, message: problem.message }))}
            idPrefix={node.id}
          />
        </>
      ) : (
        <p className="error">This server does not know node type {node.type}.</p>
      )}
    </aside>
  );
}
