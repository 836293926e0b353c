import { diffFlowDocuments, type FlowDocument } from '@switchboard/flow-schema';
import { describe, expect, it } from 'vitest';
import { describeDiff, showValue } from './describe-diff.ts';

const before: FlowDocument = {
  schemaVersion: 1,
  name: 'Echo',
  nodes: [
    { id: 'chat-1', type: 'trigger.chat', typeVersion: 1, config: {}, position: { x: 0, y: 0 } },
    { id: 'reply-1', type: 'conversation.reply', typeVersion: 1, config: { text: 'Hi' }, position: { x: 200, y: 0 } },
  ],
  edges: [{ id: 'e1', source: 'chat-1', sourcePort: 'text', target: 'reply-1', targetPort: 'in' }],
};

describe('describeDiff', () => {
  it('says in words what changed, with config values before and after', () => {
    const after: FlowDocument = {
      ...before,
      name: 'Echo 2',
      nodes: [
        { id: 'chat-1', type: 'trigger.chat', typeVersion: 1, config: {}, position: { x: 50, y: 0 } },
        { id: 'reply-1', type: 'conversation.reply', typeVersion: 1, config: { text: 'Hello' }, position: { x: 200, y: 0 }, credentialId: 'c' },
        { id: 'reply-2', type: 'conversation.reply', typeVersion: 1, config: {}, position: { x: 400, y: 0 } },
      ],
      edges: [],
    };
    const diff = diffFlowDocuments(before, after);
    expect(describeDiff(diff, { showMoves: false }).map(({ text, details }) => ({ text, details }))).toEqual([
      { text: 'Name changed', details: ['"Echo" → "Echo 2"'] },
      { text: 'Node reply-2 added (conversation.reply)', details: [] },
      { text: 'Node reply-1: text, credential changed', details: ['text: "Hi" → "Hello"'] },
      { text: 'Wire chat-1.text → reply-1.in removed', details: [] },
    ]);
    expect(describeDiff(diff, { showMoves: true }).at(-1)?.text).toBe('Node chat-1 moved');
  });

  it('cuts long values to a line and names unset ones', () => {
    expect(showValue('x'.repeat(200))).toHaveLength(80);
    expect(showValue('x'.repeat(200)).endsWith('…')).toBe(true);
    expect(showValue(undefined)).toBe('(not set)');
    expect(showValue({ a: 1 })).toBe('{"a":1}');
  });
});
