import { describe, expect, it } from 'vitest';
import { fragmentText, parseFragment } from './clipboard.ts';

describe('clipboard text', () => {
  const fragment = {
    schemaVersion: 1 as const,
    name: 'Flow',
    nodes: [{ id: 'reply-1', type: 'conversation.reply', typeVersion: 1, config: { text: 'hi' }, position: { x: 1, y: 2 } }],
    edges: [],
  };

  it('reads back what it wrote', () => {
    expect(parseFragment(fragmentText(fragment))).toEqual(fragment);
  });

  it.each(['', 'hello', '{"nodes": []}', '[1, 2]', JSON.stringify({ ...fragment, nodes: [] }), '{"schemaVersion": 1, "name": "x", "nodes": [{"id": "bad id!"}], "edges": []}'])(
    'ignores %j',
    (text) => {
      expect(parseFragment(text)).toBeUndefined();
    },
  );
});
