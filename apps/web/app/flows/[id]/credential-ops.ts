import type { FlowDocument } from '@switchboard/flow-schema';

/** Sets or clears a node's stored credential; credentials live beside config, never in it. */
export function setCredential(doc: FlowDocument, nodeId: string, credentialId: string | undefined): FlowDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((node) => {
      if (node.id !== nodeId) return node;
      const { credentialId: _previous, ...rest } = node;
      return credentialId === undefined ? rest : { ...rest, credentialId };
    }),
  };
}
