import { describe, expect, it } from 'vitest';
import { cut, splitMessage } from './split.ts';

describe('splitMessage', () => {
  it('keeps a short reply in one message', () => {
    expect(splitMessage('**hello**', 'telegram-html', 4096)).toEqual(['<b>hello</b>']);
  });

  it('sends nothing for an empty reply', () => {
    expect(splitMessage('   ', 'plain', 10)).toEqual([]);
  });

  it('cuts between paragraphs, every part within the limit, nothing lost', () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} ${'word '.repeat(20).trim()}.`);
    const parts = splitMessage(paragraphs.join('\n\n'), 'plain', 400);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(400);
    expect(parts.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('cuts one long paragraph at words, and a long word at characters', () => {
    const long = `${'alpha '.repeat(50)}${'x'.repeat(70)}`;
    const parts = splitMessage(long, 'plain', 64);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(64);
    expect(parts.join(' ').match(/alpha/g)).toHaveLength(50);
    expect(parts.join('').replace(/[^x]/g, '')).toHaveLength(70);
  });

  it('keeps every part of a long code block a code block', () => {
    const code = Array.from({ length: 40 }, (_, i) => `line_${i} = ${i} < ${i + 1}`).join('\n');
    const parts = splitMessage(`Here:\n\n\`\`\`py\n${code}\n\`\`\``, 'telegram-html', 300);
    const codeParts = parts.filter((part) => part.includes('<pre>'));
    expect(codeParts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(300);
    for (const part of codeParts) expect(part).toMatch(/<pre><code class="language-py">[\s\S]*<\/code><\/pre>$/);
    const lines = codeParts.flatMap((part) => part.replace(/<[^>]+>/g, '').split('\n')).filter((line) => line.startsWith('line_'));
    expect(lines).toHaveLength(40);
    expect(lines[0]).toBe('line_0 = 0 &lt; 1');
  });

  it('never cuts a surrogate pair in half', () => {
    const parts = splitMessage('😀'.repeat(30), 'plain', 7);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(7);
      expect(part).toMatch(/^(😀)+$/u);
    }
    expect(parts.join('')).toBe('😀'.repeat(30));
  });
});

describe('cut', () => {
  it('packs lines greedily', () => {
    expect(cut('aa\nbb\ncc', (piece) => piece.length <= 5)).toEqual(['aa\nbb', 'cc']);
  });
});
