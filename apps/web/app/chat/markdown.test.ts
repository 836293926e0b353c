import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown.ts';

describe('parseMarkdown', () => {
  it('reads paragraphs, lists, code and quotes', () => {
    expect(parseMarkdown('Hello **you**\nthere\n\n- one\n- two\n\n```\n<b>x</b>\n```\n> said')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Hello ' }, { kind: 'strong', children: [{ kind: 'text', text: 'you' }] }, { kind: 'break' }, { kind: 'text', text: 'there' }] },
      { kind: 'list', ordered: false, items: [[{ kind: 'text', text: 'one' }], [{ kind: 'text', text: 'two' }]] },
      { kind: 'code', text: '<b>x</b>' },
      { kind: 'quote', children: [{ kind: 'text', text: 'said' }] },
    ]);
  });

  it('keeps HTML as text and refuses script links', () => {
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)>' }]);
    expect(parseInline('[click](javascript:alert(1))')).toEqual([{ kind: 'text', text: '[click](javascript:alert(1)' }, { kind: 'text', text: ')' }]);
  });

  it('links web addresses, and reads code, emphasis and strike-through', () => {
    expect(parseInline('see [docs](https://example.com/a) or https://example.com.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', href: 'https://example.com/a', children: [{ kind: 'text', text: 'docs' }] },
      { kind: 'text', text: ' or ' },
      { kind: 'link', href: 'https://example.com', children: [{ kind: 'text', text: 'https://example.com' }] },
      { kind: 'text', text: '.' },
    ]);
    expect(parseInline('`a*b*` *em* ~~no~~')).toEqual([
      { kind: 'code', text: 'a*b*' },
      { kind: 'text', text: ' ' },
      { kind: 'em', children: [{ kind: 'text', text: 'em' }] },
      { kind: 'text', text: ' ' },
      { kind: 'del', children: [{ kind: 'text', text: 'no' }] },
    ]);
  });
});
