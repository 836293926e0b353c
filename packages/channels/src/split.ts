import { markdownBlocks, renderMarkdown, type Dialect } from './format.ts';

/**
 * Renders a Markdown reply for a platform and cuts it into messages that each fit `maxLength`
 * (measured in UTF-16 units, as Telegram and Slack count). Cuts fall between blocks where possible,
 * then between lines, then words; a code block that is cut stays a code block in every part.
 */
export function splitMessage(markdown: string, dialect: Dialect, maxLength: number): string[] {
  const whole = renderMarkdown(markdown, dialect);
  if (whole.length <= maxLength) return whole === '' ? [] : [whole];

  const parts: string[] = [];
  let current = '';
  const push = (rendered: string) => {
    if (rendered === '') return;
    const joined = current === '' ? rendered : `${current}\n\n${rendered}`;
    if (joined.length <= maxLength) {
      current = joined;
      return;
    }
    if (current !== '') parts.push(current);
    current = rendered;
  };
  for (const block of markdownBlocks(markdown)) {
    const rendered = renderMarkdown(block.raw, dialect);
    if (rendered.length <= maxLength) {
      push(rendered);
      continue;
    }
    // Too long on its own: cut its source and render each piece the same way the block was.
    const source = block.code ? codeText(block.raw) : block.raw;
    const render = block.code ? (piece: string) => renderMarkdown(fence(piece, block.lang), dialect) : (piece: string) => renderMarkdown(piece, dialect);
    for (const piece of cut(source, (candidate) => render(candidate).length <= maxLength)) push(render(piece));
  }
  if (current !== '') parts.push(current);
  return parts;
}

const SEPARATORS = ['\n', ' '] as const;

/** Greedy cut of `text` into pieces that each satisfy `fits`, at lines, then words, then characters. */
export function cut(text: string, fits: (piece: string) => boolean, level = 0): string[] {
  if (fits(text)) return [text];
  const separator = SEPARATORS[level];
  const units = separator === undefined ? Array.from(text) : text.split(separator);
  const joiner = separator ?? '';
  const pieces: string[] = [];
  let current: string | undefined;
  for (const unit of units) {
    const joined = current === undefined ? unit : current + joiner + unit;
    if (fits(joined)) {
      current = joined;
      continue;
    }
    if (current !== undefined && current.trim() !== '') pieces.push(current);
    if (fits(unit)) current = unit;
    else if (separator === undefined) throw new Error(`cannot fit the character ${JSON.stringify(unit)} into a message`);
    else {
      const smaller = cut(unit, fits, level + 1);
      current = smaller.pop();
      pieces.push(...smaller);
    }
  }
  if (current !== undefined && current.trim() !== '') pieces.push(current);
  return pieces;
}

function codeText(raw: string): string {
  const lines = raw.replace(/\n+$/, '').split('\n');
  if (/^(```|~~~)/.test(lines[0] ?? '')) return lines.slice(1, /^(```|~~~)\s*$/.test(lines.at(-1) ?? '') ? -1 : undefined).join('\n');
  return lines.map((line) => line.replace(/^ {4}/, '')).join('\n');
}

function fence(text: string, lang: string | undefined): string {
  const ticks = text.includes('```') ? '~~~' : '```';
  return `${ticks}${lang ?? ''}\n${text}\n${ticks}`;
}
