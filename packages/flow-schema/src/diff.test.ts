import { describe, expect, it } from 'vitest';
import { diffFlowDocuments, isEmptyDiff } from './diff.ts';
import type { FlowDocument } from './document.ts';

function flow(): FlowDocument {
  return {
    schemaVersion: 1,
    name: 'Echo',
    nodes: [
      { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {}, position: { x: 0, y: 0 } },
      { id: 'out', type: 'conversation.reply', typeVersion: 1, config: { text: 'Hi', nested: { a: 1, b: 2 } }, position: { x: 200, y: 0 } },
    ],
    edges: [{ id: 'e1', source: 'in', sourcePort: 'text', target: 'out', targetPort: 'in' }],
  };
}

describe('diffFlowDocuments', () => {
  it('finds nothing between equal documents, whatever the key order of config objects', () => {
    const b = flow();
    const out = b.nodes[1];
    if (out) out.config = { nested: { b: 2, a: 1 }, text: 'Hi' };
    const diff = diffFlowDocuments(flow(), b);
    expect(isEmptyDiff(diff)).toBe(true);
    expect(diff.nodesMoved).toEqual([]);
  });

  it('reports added, removed and changed nodes and edges, and name and description', () => {
    const b = flow();
    b.name = 'Echo 2';
    b.description = 'Says it back';
    b.nodes = [
      { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {}, position: { x: 0, y: 0 }, label: 'Start', settings: { retries: 2 } },
      { id: 'out', type: 'conversation.reply', typeVersion: 2, config: { text: 'Hello', extra: true, nested: { a: 1, b: 2 } }, credentialId: 'c1', position: { x: 200, y: 0 } },
      { id: 'more', type: 'conversation.reply', typeVersion: 1, config: {}, position: { x: 400, y: 0 } },
    ];
    b.edges = [{ id: 'e2', source: 'in', sourcePort: 'text', target: 'more', targetPort: 'in' }];
    const diff = diffFlowDocuments(flow(), b);
    expect(diff.name).toEqual({ before: 'Echo', after: 'Echo 2' });
    expect(diff.description).toEqual({ before: undefined, after: 'Says it back' });
    expect(diff.nodesAdded.map((node) => node.id)).toEqual(['more']);
    expect(diff.nodesRemoved).toEqual([]);
    expect(diff.nodesChanged).toEqual([
      { nodeId: 'in', config: [], settings: true, credential: false, label: { before: undefined, after: 'Start' } },
      {
        nodeId: 'out',
        typeVersion: { before: 1, after: 2 },
        config: [
          { key: 'extra', before: undefined, after: true },
          { key: 'text', before: 'Hi', after: 'Hello' },
        ],
        settings: false,
        credential: true,
      },
    ]);
    expect(diff.edgesAdded.map((edge) => edge.id)).toEqual(['e2']);
    expect(diff.edgesRemoved.map((edge) => edge.id)).toEqual(['e1']);
    expect(isEmptyDiff(diff)).toBe(false);
    expect(isEmptyDiff(diffFlowDocuments(b, flow()))).toBe(false);
    expect(diffFlowDocuments(b, flow()).nodesRemoved.map((node) => node.id)).toEqual(['more']);
  });

  it('keeps moves apart, and treats a re-id-ed edge with the same wiring as unchanged', () => {
    const b = flow();
    const out = b.nodes[1];
    if (out) out.position = { x: 300, y: 50 };
    b.edges = [{ id: 'renamed', source: 'in', sourcePort: 'text', target: 'out', targetPort: 'in' }];
    const diff = diffFlowDocuments(flow(), b);
    expect(diff.nodesMoved).toEqual(['out']);
    expect(diff.nodesChanged).toEqual([]);
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('reports a type change', () => {
    const b = flow();
    const out = b.nodes[1];
    if (out) out.type = 'conversation.ask';
    expect(diffFlowDocuments(flow(), b).nodesChanged[0]?.type).toEqual({ before: 'conversation.reply', after: 'conversation.ask' });
  });
});
