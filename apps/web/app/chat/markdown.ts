// A small Markdown reader for bot replies: the blocks and inline marks chat answers use, as a tree the
// page renders with React elements. Nothing is ever turned into HTML, so a reply cannot inject markup.

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong' | 'em' | 'del'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] }
  | { kind: 'break' };

export type Block =
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'heading'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; children: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] };

const FENCE = /^\s*(```|~~~)/;
const HEADING = /^#{1,6}\s+(.*)$/;
const QUOTE = /^>\s?(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;

/** Reads Markdown into blocks. Unclosed marks stay as the characters they are. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', children: parseInline(paragraph.join('\n')) });
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      index += 1;
      while (index < lines.length && !(lines[index] ?? '').trim().startsWith(fence[1] ?? '```')) {
        code.push(lines[index] ?? '');
        index += 1;
      }
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', children: parseInline(heading[1] ?? '') });
      continue;
    }
    const list = listItem(line);
    if (list) {
      flush();
      const items: Inline[][] = [];
      while (index < lines.length) {
        const item = listItem(lines[index] ?? '');
        if (item?.ordered !== list.ordered) break;
        items.push(parseInline(item.text));
        index += 1;
      }
      index -= 1;
      blocks.push({ kind: 'list', ordered: list.ordered, items });
      continue;
    }
    if (QUOTE.test(line)) {
      flush();
      const quoted: string[] = [];
      for (let match = QUOTE.exec(lines[index] ?? ''); match; match = QUOTE.exec(lines[index] ?? '')) {
        quoted.push(match[1] ?? '');
        index += 1;
      }
      index -= 1;
      blocks.push({ kind: 'quote', children: parseInline(quoted.join('\n')) });
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return blocks;
}

function listItem(line: string): { ordered: boolean; text: string } | undefined {
  const bullet = BULLET.exec(line);
  if (bullet) return { ordered: false, text: bullet[1] ?? '' };
  const numbered = NUMBERED.exec(line);
  return numbered ? { ordered: true, text: numbered[1] ?? '' } : undefined;
}

// One alternative per mark, tried left to right; the first match wins.
const INLINE = /(`+)([^`]|[^`][\s\S]*?[^`])\1|\*\*(?=\S)([\s\S]+?)\*\*|__(?=\S)([\s\S]+?)__|~~(?=\S)([\s\S]+?)~~|\*(?=\S)([^*]+?)\*|\b_(?=\S)([^_]+?)_\b|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>]*[^\s<>.,;:!?)\]'"])|(\n)/;

/** Links only to the web and mail: a `javascript:` URL stays text. */
export function safeHref(href: string): string | undefined {
  return /^(https?:\/\/|mailto:)/i.test(href) ? href : undefined;
}

export function parseInline(source: string): Inline[] {
  const result: Inline[] = [];
  let rest = source;
  for (let match = INLINE.exec(rest); match; match = INLINE.exec(rest)) {
    if (match.index > 0) result.push({ kind: 'text', text: rest.slice(0, match.index) });
    result.push(inlineOf(match));
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest !== '') result.push({ kind: 'text', text: rest });
  return result;
}

function inlineOf(match: RegExpExecArray): Inline {
  const [whole, , code, strong, strongUnderscore, del, em, emUnderscore, label, href, url] = match;
  if (code !== undefined) return { kind: 'code', text: code.trim() === '' ? code : code.replace(/^ (.*) $/s, '$1') };
  if (strong !== undefined || strongUnderscore !== undefined) return { kind: 'strong', children: parseInline(strong ?? strongUnderscore ?? '') };
  if (del !== undefined) return { kind: 'del', children: parseInline(del) };
  if (em !== undefined || emUnderscore !== undefined) return { kind: 'em', children: parseInline(em ?? emUnderscore ?? '') };
  if (label !== undefined && href !== undefined) {
    const safe = safeHref(href);
    return safe === undefined ? { kind: 'text', text: whole } : { kind: 'link', href: safe, children: parseInline(label) };
  }
  if (url !== undefined) return { kind: 'link', href: url, children: [{ kind: 'text', text: url }] };
  return { kind: 'break' };
}
