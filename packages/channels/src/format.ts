import { Lexer, type MarkedToken, type Token } from 'marked';

/**
 * How a platform writes formatted text. Flows write replies in Markdown (what models produce); each
 * channel renders it into its own dialect, so the same reply reads well in Telegram, Slack and a browser.
 */
export type Dialect = 'telegram-html' | 'slack-mrkdwn' | 'markdown' | 'plain';

interface Writer {
  escape(text: string): string;
  strong(inner: string): string;
  em(inner: string): string;
  del(inner: string): string;
  code(text: string): string;
  pre(text: string, lang: string | undefined): string;
  link(href: string, inner: string): string;
  quote(inner: string): string;
  heading(inner: string): string;
}

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const quoteLines = (inner: string): string => inner.split('\n').map((line) => `> ${line}`).join('\n');

const WRITERS: Record<Exclude<Dialect, 'markdown'>, Writer> = {
  // Telegram's HTML mode: only these tags, and &, <, > escaped everywhere else.
  'telegram-html': {
    escape: escapeHtml,
    strong: (inner) => `<b>${inner}</b>`,
    em: (inner) => `<i>${inner}</i>`,
    del: (inner) => `<s>${inner}</s>`,
    code: (text) => `<code>${escapeHtml(text)}</code>`,
    pre: (text, lang) => (lang ? `<pre><code class="language-${lang}">${escapeHtml(text)}</code></pre>` : `<pre>${escapeHtml(text)}</pre>`),
    link: (href, inner) => `<a href="${escapeHtml(href).replace(/"/g, '&quot;')}">${inner}</a>`,
    quote: (inner) => `<blockquote>${inner}</blockquote>`,
    heading: (inner) => `<b>${inner}</b>`,
  },
  // Slack's mrkdwn: single-character markers, <url|text> links, and &, <, > escaped.
  'slack-mrkdwn': {
    escape: escapeHtml,
    strong: (inner) => `*${inner}*`,
    em: (inner) => `_${inner}_`,
    del: (inner) => `~${inner}~`,
    code: (text) => `\`${escapeHtml(text)}\``,
    pre: (text) => `\`\`\`\n${escapeHtml(text)}\n\`\`\``,
    link: (href, inner) => `<${href.replace(/[<>|]/g, encodeURIComponent)}|${inner}>`,
    quote: quoteLines,
    heading: (inner) => `*${inner}*`,
  },
  plain: {
    escape: (text) => text,
    strong: (inner) => inner,
    em: (inner) => inner,
    del: (inner) => inner,
    code: (text) => text,
    pre: (text) => text,
    link: (href, inner) => (inner === href ? href : `${inner} (${href})`),
    quote: quoteLines,
    heading: (inner) => inner,
  },
};

const KNOWN = new Set<string>([
  'blockquote', 'br', 'checkbox', 'code', 'codespan', 'def', 'del', 'em', 'escape', 'heading', 'hr', 'html',
  'image', 'link', 'list', 'list_item', 'paragraph', 'space', 'strong', 'table', 'text',
]);

/** Marked's own token kinds; an extension's tokens would be `Generic` and are rendered as their raw text. */
function isKnown(token: Token): token is MarkedToken {
  return KNOWN.has(token.type);
}

/** The top-level blocks of a Markdown text, each with its source: the units a long reply is split at. */
export function markdownBlocks(markdown: string): { raw: string; code: boolean; lang: string | undefined }[] {
  return new Lexer({ gfm: true })
    .lex(markdown)
    .filter((token) => token.type !== 'space' && token.type !== 'def')
    .map((token) => (isKnown(token) && token.type === 'code' ? { raw: token.raw, code: true, lang: languageOf(token.lang) } : { raw: token.raw, code: false, lang: undefined }));
}

/** Renders Markdown in a platform's dialect. `markdown` passes the text through (the web chat renders it). */
export function renderMarkdown(markdown: string, dialect: Dialect): string {
  if (dialect === 'markdown') return markdown;
  const writer = WRITERS[dialect];
  const tokens = new Lexer({ gfm: true }).lex(markdown);
  return blocks(tokens, writer).trim();
}

function blocks(tokens: readonly Token[], writer: Writer): string {
  return tokens
    .map((token) => block(token, writer))
    .filter((text) => text !== '')
    .join('\n\n');
}

function block(token: Token, writer: Writer): string {
  if (!isKnown(token)) return writer.escape(token.raw);
  switch (token.type) {
    case 'space':
    case 'def':
      return '';
    case 'paragraph':
      return inline(token.tokens, writer);
    case 'heading':
      return writer.heading(inline(token.tokens, writer));
    case 'code':
      return writer.pre(token.text, languageOf(token.lang));
    case 'blockquote':
      return writer.quote(blocks(token.tokens, writer));
    case 'hr':
      return '──────────';
    case 'list':
      return token.items
        .map((item, index) => {
          const marker = token.ordered ? `${(typeof token.start === 'number' ? token.start : 1) + index}.` : '•';
          const box = item.task ? (item.checked === true ? '☑ ' : '☐ ') : '';
          const body = item.tokens.map((child) => (isKnown(child) && child.type === 'text' ? inline(child.tokens ?? [child], writer) : block(child, writer))).filter((text) => text !== '').join('\n');
          return `${marker} ${box}${body.replace(/\n/g, '\n   ')}`;
        })
        .join('\n');
    case 'table': {
      const row = (cells: readonly { tokens: Token[] }[]) => cells.map((cell) => inline(cell.tokens, writer)).join(' | ');
      return [row(token.header), ...token.rows.map(row)].join('\n');
    }
    case 'html':
      return writer.escape(token.text);
    case 'list_item':
      return blocks(token.tokens, writer);
    case 'br':
    case 'checkbox':
    case 'codespan':
    case 'del':
    case 'em':
    case 'escape':
    case 'image':
    case 'link':
    case 'strong':
    case 'text':
      return span(token, writer);
  }
}

/** A code block's language: the first word of its info string, and only characters a class name takes. */
function languageOf(info: string | undefined): string | undefined {
  const word = /^[\w+#.-]{1,32}/.exec(info ?? '')?.[0];
  return word === undefined || word === '' ? undefined : word;
}

/**
 * Links go out only to web and mail addresses: a model must not be able to write `[hi](!channel)` (a
 * Slack @channel ping), `javascript:` or app links. Anything else is shown as its text.
 */
function safeHref(href: string): string | undefined {
  return /^(https?:\/\/|mailto:)/i.test(href.trim()) ? href.trim() : undefined;
}

function link(writer: Writer, href: string, inner: string): string {
  const safe = safeHref(href);
  return safe === undefined ? inner : writer.link(safe, inner);
}

function inline(tokens: readonly Token[], writer: Writer): string {
  return tokens.map((token) => span(token, writer)).join('');
}

function span(token: Token, writer: Writer): string {
  if (!isKnown(token)) return writer.escape(token.raw);
  switch (token.type) {
    case 'text':
      return token.tokens ? inline(token.tokens, writer) : writer.escape(token.text);
    case 'escape':
      return writer.escape(token.text);
    case 'strong':
      return writer.strong(inline(token.tokens, writer));
    case 'em':
      return writer.em(inline(token.tokens, writer));
    case 'del':
      return writer.del(inline(token.tokens, writer));
    case 'codespan':
      return writer.code(token.text);
    case 'br':
      return '\n';
    case 'link':
      return link(writer, token.href, inline(token.tokens, writer));
    case 'image':
      return link(writer, token.href, writer.escape(token.text || token.href));
    case 'html':
      return writer.escape(token.text);
    case 'checkbox':
      return token.checked ? '☑ ' : '☐ ';
    case 'blockquote':
    case 'code':
    case 'def':
    case 'heading':
    case 'hr':
    case 'list_item':
    case 'list':
    case 'paragraph':
    case 'space':
    case 'table':
      return block(token, writer);
  }
}
