import { badRequest, type TelegramError } from './errors.ts';
import type { MessageEntity } from './types.ts';

type EntityType = 'bold' | 'italic' | 'underline' | 'strikethrough' | 'spoiler' | 'code' | 'pre' | 'text_link' | 'blockquote';

interface Open {
  type: EntityType;
  marker: string;
  start: number;
  /** Where the marker began in the source, for error messages. */
  at: number;
  url?: string;
  language?: string;
}

/**
 * Applies parse_mode the way Telegram does: the markup is removed from the text and becomes entities
 * (offsets in UTF-16 units); malformed markup is refused with "can't parse entities", the error bots
 * most often hit when they forget to escape MarkdownV2.
 */
export function formatText(source: string, parseMode: string | undefined): { text: string; entities: MessageEntity[] } {
  if (parseMode === undefined || parseMode === '') return { text: source, entities: [] };
  switch (parseMode.toLowerCase()) {
    case 'html':
      return parseHtml(source);
    case 'markdownv2':
      return parseMarkdown(source, true);
    case 'markdown':
      return parseMarkdown(source, false);
    default:
      throw badRequest('unsupported parse_mode');
  }
}

function cannotParse(reason: string): TelegramError {
  return badRequest(`can't parse entities: ${reason}`);
}

function entityOf(open: Open, end: number): MessageEntity {
  const base = { offset: open.start, length: end - open.start };
  if (open.type === 'text_link') return { ...base, type: 'text_link', url: open.url ?? '' };
  if (open.type === 'pre') return { ...base, type: 'pre', ...(open.language ? { language: open.language } : {}) };
  return { ...base, type: open.type };
}

const htmlTags: Record<string, EntityType> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler',
  code: 'code', pre: 'pre', a: 'text_link', blockquote: 'blockquote', span: 'spoiler',
};
const htmlEscapes: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function parseHtml(source: string): { text: string; entities: MessageEntity[] } {
  let text = '';
  const stack: Open[] = [];
  const entities: MessageEntity[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source.charAt(index);
    if (char === '&') {
      const escape = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(source.slice(index));
      const name = escape?.[1] ?? '';
      const decoded = name.startsWith('#x') || name.startsWith('#X') ? String.fromCodePoint(parseInt(name.slice(2), 16))
        : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : htmlEscapes[name.toLowerCase()];
      if (escape !== null && decoded !== undefined) {
        text += decoded;
        index += escape[0].length;
        continue;
      }
      text += char;
      index += 1;
      continue;
    }
    if (char !== '<') {
      text += char;
      index += 1;
      continue;
    }
    const tag = /^<(\/?)([a-z-]+)([^>]*)>/i.exec(source.slice(index));
    if (tag === null) throw cannotParse(`Unexpected end of name token at byte offset ${byteOffset(source, index)}`);
    const [whole, closing = '', rawName = '', attributes = ''] = tag;
    const name = rawName.toLowerCase();
    const type = htmlTags[name];
    if (closing === '') {
      if (type === undefined) throw cannotParse(`Unsupported start tag "${name}" at byte offset ${byteOffset(source, index)}`);
      const href = /href\s*=\s*"([^"]*)"|href\s*=\s*'([^']*)'/i.exec(attributes);
      const language = /class\s*=\s*"language-([^"]+)"/.exec(attributes)?.[1];
      stack.push({ type, marker: name, start: text.length, at: index, url: href?.[1] ?? href?.[2], language });
    } else {
      const open = stack.pop();
      if (open?.marker !== name) throw cannotParse(`Unmatched end tag at byte offset ${byteOffset(source, index)}, expected "</${open?.marker ?? ''}>", found "</${name}>"`);
      // <pre><code class="language-x"> is a pre entity with a language, not a code entity inside a pre.
      const parent = stack.at(-1);
      if (open.type === 'code' && parent?.type === 'pre' && parent.start === open.start) parent.language = open.language ?? parent.language;
      else if (text.length > open.start) entities.push(entityOf(open, text.length));
    }
    index += whole.length;
  }
  const unclosed = stack.pop();
  if (unclosed !== undefined) throw cannotParse(`Can't find end tag corresponding to start tag "${unclosed.marker}"`);
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}

const reservedV2 = new Set('_*[]()~`>#+-=|{}.!'.split(''));

/** MarkdownV2 (`strict`) or the legacy Markdown mode, which knows only *bold*, _italic_, `code`, ```pre``` and links. */
function parseMarkdown(source: string, strict: boolean): { text: string; entities: MessageEntity[] } {
  let text = '';
  const stack: Open[] = [];
  const entities: MessageEntity[] = [];
  let index = 0;
  const top = (): Open | undefined => stack.at(-1);
  while (index < source.length) {
    const char = source.charAt(index);
    const inCode = top()?.type === 'code' || top()?.type === 'pre';
    if (char === '\\' && (strict || inCode)) {
      text += source.charAt(index + 1);
      index += 2;
      continue;
    }
    const markers: [string, EntityType][] = strict
      ? [['```', 'pre'], ['`', 'code'], ['__', 'underline'], ['||', 'spoiler'], ['*', 'bold'], ['_', 'italic'], ['~', 'strikethrough']]
      : [['```', 'pre'], ['`', 'code'], ['*', 'bold'], ['_', 'italic']];
    const marker = markers.find(([candidate]) => source.startsWith(candidate, index) && (!inCode || candidate === top()?.marker));
    if (marker !== undefined) {
      const [symbol, type] = marker;
      const open = top();
      if (open?.marker === symbol) {
        stack.pop();
        if (text.length > open.start) entities.push(entityOf(open, text.length));
      } else {
        const language = type === 'pre' ? /^```([\w+-]*)\n/.exec(source.slice(index))?.[1] : undefined;
        stack.push({ type, marker: symbol, start: text.length, at: index, ...(language ? { language } : {}) });
        if (language !== undefined) index += language.length + 1;
      }
      index += symbol.length;
      continue;
    }
    if (!inCode && char === '[') {
      stack.push({ type: 'text_link', marker: ']', start: text.length, at: index });
      index += 1;
      continue;
    }
    if (!inCode && char === ']' && top()?.marker === ']') {
      const link = /^\]\(((?:\\.|[^)\\])*)\)/.exec(source.slice(index));
      const open = stack.pop();
      if (link === null || open === undefined) throw cannotParse(`Can't find end of a URL at byte offset ${byteOffset(source, index)}`);
      entities.push(entityOf({ ...open, url: (link[1] ?? '').replace(/\\(.)/g, '$1') }, text.length));
      index += link[0].length;
      continue;
    }
    if (strict && !inCode && char === '>' && (index === 0 || source.charAt(index - 1) === '\n')) {
      index += 1; // a blockquote line; the quote itself is not modelled
      continue;
    }
    if (strict && !inCode && reservedV2.has(char)) {
      throw cannotParse(`Character '${char}' is reserved and must be escaped with the preceding '\\'`);
    }
    text += char;
    index += 1;
  }
  const unclosed = stack.pop();
  if (unclosed !== undefined) throw cannotParse(`Can't find end of the entity starting at byte offset ${byteOffset(source, unclosed.at)}`);
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}

function byteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index));
}
