import type { FlowDocument } from '@switchboard/flow-schema';
import { describe, expect, it } from 'vitest';
import { setCredential } from './credential-ops.ts';

const doc: FlowDocument = {
  schemaVersion: 1,
  name: 'f',
  nodes: [
    { id: 'llm', type: 'model.chat', typeVersion: 1, config: { model: 'm' }, position: { x: 0, y: 0 } },
    { id: 'out', type: 'conversation.reply', typeVersion: 1, config: {}, position: { x: 1, y: 0 } },
  ],
  edges: [],
};

describe('setCredential', () => {
  it('sets the credential beside the config, never in it, and clears it again', () => {
    const set = setCredential(doc, 'llm', 'c-1');
    expect(set.nodes[0]).toEqual({ ...doc.nodes[0], credentialId: 'c-1' });
    expect(set.nodes[0]?.config).toEqual({ model: 'm' });
    expect(set.nodes[1]).toBe(doc.nodes[1]);
    const cleared = setCredential(set, 'llm', undefined);
    expect(cleared.nodes[0]).toEqual(doc.nodes[0]);
    expect(cleared.nodes[0] !== undefined && 'credentialId' in cleared.nodes[0]).toBe(false);
  });
});
