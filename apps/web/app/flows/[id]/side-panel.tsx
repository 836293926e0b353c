'use client';

import type { FlowDocument, FlowNode, NodeDefinition } from '@switchboard/flow-schema';
import { nodeRegistry } from '@switchboard/nodes/definitions';
import { memo, useCallback } from 'react';
import { z } from 'zod';
import { ExpressionCompletion } from '../../components/expression-completion.ts';
import { ZodForm } from '../../components/zod-form.tsx';
import { completionsAt } from '../../../src/forms/expression-completions.ts';
import type { Problem } from './api.ts';
import { CredentialPicker } from './credential-picker.tsx';
import { ModelCheck } from './model-check.tsx';

interface SidePanelProps {
  node: FlowNode | undefined;
  definition: NodeDefinition | undefined;
  /** The draft: expression fields complete the outputs of the nodes upstream of this one. */
  doc: FlowDocument;
  problems: readonly Problem[];
  onConfigChange: (nodeId: string, config: Record<string, unknown>) => void;
  onCredentialChange: (nodeId: string, credentialId: string | undefined) => void;
}

/** The selected node: what it is, its credential when its type needs one, and its config form. */
export const SidePanel = memo(function SidePanel({ node, definition, doc, problems, onConfigChange, onCredentialChange }: SidePanelProps) {
  const nodeId = node?.id;
  const complete = useCallback(
    (source: string, cursor: number) => (nodeId === undefined ? undefined : completionsAt(source, cursor, { doc, nodeId, registry: nodeRegistry })),
    [doc, nodeId],
  );
  if (!node) {
    return (
      <aside className="sb-panel" aria-label="Node settings">
        <p className="muted">Select a node to edit it.</p>
      </aside>
    );
  }
  const own = problems.filter((problem) => problem.nodeId === node.id);
  const credential = definition?.credential;
  // The picker shows the credential's problems; the form shows the rest.
  const formProblems = credential ? own.filter((problem) => problem.field !== 'credential') : own;
  return (
    <aside className="sb-panel" aria-label="Node settings">
      <h2>{node.label ?? definition?.title ?? node.type}</h2>
      <p className="sb-panel-id">
        <code>{node.id}</code> · <span className="muted">{node.type} v{node.typeVersion}</span>
      </p>
      {definition ? (
        <>
          <p className="muted">{definition.description}</p>
          {credential && (
            <CredentialPicker
              key={node.id}
              nodeId={node.id}
              type={credential.type}
              optional={credential.optional === true}
              value={node.credentialId}
              onChange={(credentialId) => { onCredentialChange(node.id, credentialId); }}
              problems={own.filter((problem) => problem.field === 'credential').map((problem) => problem.message)}
            />
          )}
          {definition.kind === 'model' && definition.config instanceof z.ZodObject && 'provider' in definition.config.shape && (
            <ModelCheck
              key={`${node.id}-check`}
              nodeId={node.id}
              config={node.config}
              credentialId={node.credentialId}
              onPick={(model) => { onConfigChange(node.id, { ...node.config, model }); }}
            />
          )}
          <ExpressionCompletion.Provider value={complete}>
            <ZodForm
              key={node.id}
              schema={definition.config}
              value={node.config}
              onChange={(next) => { onConfigChange(node.id, next); }}
              problems={formProblems.map((problem) => (problem.field === undefined ? { message: problem.message } : { field: problem.field, message: problem.message }))}
              idPrefix={node.id}
            />
          </ExpressionCompletion.Provider>
        </>
      ) : (
        <p className="error">This server does not know node type {node.type}.</p>
      )}
    </aside>
  );
});
