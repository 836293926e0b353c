import { describe, expect, it } from 'vitest';
import { estimateMessage, estimateMessages, estimateTokens } from './tokens.ts';
import type { ChatMessage } from './types.ts';

describe('estimateTokens', () => {
  it('counts about four Latin characters per token, rounding up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('a')).toBe(1);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('x'.repeat(400))).toBe(100);
  });

  it('counts a CJK character as a token of its own', () => {
    expect(estimateTokens('你好世界')).toBe(4);
    expect(estimateTokens('你好 world')).toBe(2 + 2);
  });

  it('is deterministic', () => {
    const text = 'The same text always gives the same estimate. 同じ';
    expect(estimateTokens(text)).toBe(estimateTokens(text));
  });
});

describe('estimateMessages', () => {
  it('adds a per-message overhead and a per-request one', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'x'.repeat(40) },
      { role: 'user', content: 'x'.repeat(80) },
    ];
    // system: 4 + 2 (role) + 10; user: 4 + 1 + 20; request: 3
    expect(estimateMessages(messages)).toBe(16 + 25 + 3);
    expect(estimateMessages([])).toBe(0);
  });

  it('counts images, tool calls and tool results', () => {
    expect(estimateMessage({ role: 'user', content: [{ type: 'text', text: 'abcd' }, { type: 'image', url: 'https://example.com/a.png' }] })).toBe(4 + 1 + 1 + 765);
    const assistant: ChatMessage = { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'lookup', arguments: { q: 'ab' } }] };
    // 4 + 3 ('assistant') + 0 + 2 ('lookup') + 3 ('{"q":"ab"}')
    expect(estimateMessage(assistant)).toBe(12);
    const tool: ChatMessage = { role: 'tool', toolCallId: 'c1', name: 'lookup', content: 'found' };
    expect(estimateMessage(tool)).toBe(4 + 1 + 2);
  });
});
