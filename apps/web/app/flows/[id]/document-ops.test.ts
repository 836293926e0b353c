import type { FlowDocument, FlowNode } from '@switchboard/flow-schema';
import { describe, expect, it } from 'vitest';
import { copyFragment, fragmentOrigin, pasteFragment, removeElements } from './document-ops.ts';

function node(id: string, type: string, x: number, y: number, extra: Partial<FlowNode> = {}): FlowNode {
  return { id, type, typeVersion: 1, config: { text: id }, position: { x, y }, ...extra };
}

// chat-1 → reply-1 → reply-2, and chat-1 → ask-1
const doc: FlowDocument = {
  schemaVersion: 1,
  name: 'Flow',
  nodes: [
    node('chat-1', 'trigger.chat', 0, 0),
    node('reply-1', 'conversation.reply', 300, 0, { credentialId: 'cred-1', label: 'Hello' }),
    node('reply-2', 'conversation.reply', 600, 40),
    node('ask-1', 'conversation.ask', 300, 200),
  ],
  edges: [
    { id: 'edge-1', source: 'chat-1', sourcePort: 'text', target: 'reply-1', targetPort: 'in' },
    { id: 'edge-2', source: 'reply-1', sourcePort: 'out', target: 'reply-2', targetPort: 'in' },
    { id: 'edge-3', source: 'chat-1', sourcePort: 'text', target: 'ask-1', targetPort: 'in' },
  ],
};

describe('copyFragment', () => {
  it('keeps the selected nodes and only the edges between them', () => {
    const fragment = copyFragment(doc, new Set(['reply-1', 'reply-2']));
    expect(fragment.nodes.map((n) => n.id)).toEqual(['reply-1', 'reply-2']);
    expect(fragment.edges).toEqual([doc.edges[1]]);
    expect(fragment).toMatchObject({ schemaVersion: 1, name: 'Flow' });
  });

  it('gives an empty fragment for an empty selection', () => {
    expect(copyFragment(doc, new Set())).toMatchObject({ nodes: [], edges: [] });
  });
});

describe('pasteFragment', () => {
  it('gives fresh ids in the id scheme, rewires the inner edges, and shifts the positions', () => {
    const fragment = copyFragment(doc, new Set(['reply-1', 'reply-2']));
    const { doc: pasted, ids } = pasteFragment(doc, fragment, { x: 40, y: 40 });
    expect(ids).toEqual(['reply-3', 'reply-4']);
    expect(pasted.nodes.slice(0, 4)).toEqual(doc.nodes);
    expect(pasted.nodes.slice(4)).toEqual([
      { ...doc.nodes[1], id: 'reply-3', position: { x: 340, y: 40 } },
      { ...doc.nodes[2], id: 'reply-4', position: { x: 640, y: 80 } },
    ]);
    // Config, label and credential travel with the copy.
    expect(pasted.nodes[4]).toMatchObject({ config: { text: 'reply-1' }, label: 'Hello', credentialId: 'cred-1' });
    expect(pasted.edges.slice(3)).toEqual([{ id: 'edge-4', source: 'reply-3', sourcePort: 'out', target: 'reply-4', targetPort: 'in' }]);
  });

  it('drops edges whose other end is not in the fragment', () => {
    const fragment = { ...copyFragment(doc, new Set(['reply-1'])), edges: doc.edges };
    const { doc: pasted } = pasteFragment(doc, fragment, { x: 0, y: 0 });
    expect(pasted.edges).toEqual(doc.edges);
  });

  it('pasting twice gives new ids each time', () => {
    const fragment = copyFragment(doc, new Set(['chat-1', 'reply-1']));
    const once = pasteFragment(doc, fragment, { x: 10, y: 10 });
    const twice = pasteFragment(once.doc, fragment, { x: 20, y: 20 });
    expect(once.ids).toEqual(['chat-2', 'reply-3']);
    expect(twice.ids).toEqual(['chat-3', 'reply-4']);
    expect(twice.doc.edges.map((e) => `${e.id}:${e.source}->${e.target}`)).toEqual([
      'edge-1:chat-1->reply-1',
      'edge-2:reply-1->reply-2',
      'edge-3:chat-1->ask-1',
      'edge-4:chat-2->reply-3',
      'edge-5:chat-3->reply-4',
    ]);
    expect(new Set(twice.doc.nodes.map((n) => n.id)).size).toBe(8);
  });

  it('renames ids that follow no scheme by their type, into another flow', () => {
    const other: FlowDocument = { schemaVersion: 1, name: 'Other', nodes: [node('reply-1', 'conversation.reply', 0, 0)], edges: [] };
    const fragment: FlowDocument = {
      schemaVersion: 1,
      name: 'Copied',
      nodes: [node('greet', 'conversation.reply', 5, 5), node('start', 'trigger.chat', 0, 0)],
      edges: [{ id: 'wire', source: 'start', sourcePort: 'text', target: 'greet', targetPort: 'in' }],
    };
    const { doc: pasted, ids } = pasteFragment(other, fragment, { x: 0.4, y: 0.6 });
    expect(ids).toEqual(['reply-2', 'chat-1']);
    expect(pasted.edges).toEqual([{ id: 'edge-1', source: 'chat-1', sourcePort: 'text', target: 'reply-2', targetPort: 'in' }]);
    expect(pasted.nodes[1]?.position).toEqual({ x: 5, y: 6 });
  });

  it('leaves the document as it was for an empty fragment', () => {
    const result = pasteFragment(doc, { ...doc, nodes: [], edges: [] }, { x: 1, y: 1 });
    expect(result.doc).toBe(doc);
    expect(result.ids).toEqual([]);
  });
});

describe('fragmentOrigin', () => {
  it('is the top-left corner of the nodes', () => {
    expect(fragmentOrigin(copyFragment(doc, new Set(['reply-2', 'ask-1'])))).toEqual({ x: 300, y: 40 });
  });
});

describe('removeElements', () => {
  it('removes nodes with their edges in one edit', () => {
    const removed = removeElements(doc, new Set(['reply-1']), new Set());
    expect(removed.nodes.map((n) => n.id)).toEqual(['chat-1', 'reply-2', 'ask-1']);
    expect(removed.edges.map((e) => e.id)).toEqual(['edge-3']);
  });

  it('returns the document itself when nothing is removed, so no empty undo step is made', () => {
    expect(removeElements(doc, new Set(['gone']), new Set(['edge-9']))).toBe(doc);
  });
});
