import { ExpressionError } from './error.ts';

export type Punctuation = '.' | '[' | ']' | '(' | ')' | ',' | '|';

/** `position` is the offset of the token's first character in the template source. */
export type Token =
  | { readonly kind: 'name'; readonly name: string; readonly position: number }
  | { readonly kind: 'string'; readonly value: string; readonly position: number }
  | { readonly kind: 'number'; readonly value: number; readonly position: number }
  | { readonly kind: Punctuation; readonly position: number }
  | { readonly kind: 'close'; readonly position: number };

export interface Lexed {
  /** The tokens between `{{` and `}}`. */
  readonly tokens: readonly Token[];
  /** The `}}` token, returned when the parser looks past the last token. */
  readonly close: Token;
  /** The offset just past `}}`, where literal text resumes. */
  readonly end: number;
}

const PUNCTUATION: ReadonlySet<string> = new Set(['.', '[', ']', '(', ')', ',', '|']);
const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'],
  ['"', '"'],
  ["'", "'"],
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
]);
const LETTER = /\p{L}/u;

/**
 * Reads the tokens of one `{{ … }}` whose `{{` is at `open`. Strings are read whole, so a `}}`
 * inside quotes does not end the expression.
 */
export function lex(source: string, open: number): Lexed {
  const tokens: Token[] = [];
  let index = open + 2;
  while (index < source.length) {
    const char = source.charAt(index);
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      index++;
    } else if (char === '}' && source.charAt(index + 1) === '}') {
      return { tokens, close: { kind: 'close', position: index }, end: index + 2 };
    } else if (isPunctuation(char)) {
      tokens.push({ kind: char, position: index });
      index++;
    } else if (char === '"' || char === "'") {
      const { value, end } = readString(source, index);
      tokens.push({ kind: 'string', value, position: index });
      index = end;
    } else if (isDigit(char) || (char === '-' && isDigit(source.charAt(index + 1)))) {
      const end = numberEnd(source, index);
      tokens.push({ kind: 'number', value: Number(source.slice(index, end)), position: index });
      index = end;
    } else if (isNameStart(source.codePointAt(index) ?? 0)) {
      const end = nameEnd(source, index);
      tokens.push({ kind: 'name', name: source.slice(index, end), position: index });
      index = end;
    } else {
      throw unexpected(source, index);
    }
  }
  throw new ExpressionError('unclosed `{{`: end the expression with `}}`, or write `\\{{` for literal braces', source, open);
}

function readString(source: string, start: number): { value: string; end: number } {
  const quote = source.charAt(start);
  let value = '';
  let index = start + 1;
  while (index < source.length) {
    const char = source.charAt(index);
    if (char === quote) return { value, end: index + 1 };
    if (char === '\\') {
      const escaped = ESCAPES.get(source.charAt(index + 1));
      if (escaped === undefined) {
        const shown = source.slice(index, index + 2);
        throw new ExpressionError(`unknown escape \`${shown}\` in a string: write \\\\ for a backslash, \\${quote} for a quote, \\n for a new line`, source, index);
      }
      value += escaped;
      index += 2;
    } else {
      value += char;
      index++;
    }
  }
  throw new ExpressionError(`unterminated string: close it with ${quote}`, source, start);
}

/** `-?digits(.digits)?`; a name character right after it (`12abc`) is an error rather than two tokens. */
function numberEnd(source: string, start: number): number {
  let index = source.charAt(start) === '-' ? start + 1 : start;
  while (isDigit(source.charAt(index))) index++;
  if (source.charAt(index) === '.' && isDigit(source.charAt(index + 1))) {
    index++;
    while (isDigit(source.charAt(index))) index++;
  }
  if (isNameContinue(source.codePointAt(index) ?? 0)) {
    const word = source.slice(start, nameEnd(source, index));
    throw new ExpressionError(`\`${word}\` is neither a number nor a name: names start with a letter or _; write ["${word}"] to read such a key`, source, start);
  }
  return index;
}

/** Node ids such as `llm-1` contain dashes, and there is no subtraction, so `-` may continue a name. */
function nameEnd(source: string, start: number): number {
  let index = start;
  while (index < source.length) {
    const code = source.codePointAt(index) ?? 0;
    if (index === start ? !isNameStart(code) : !isNameContinue(code)) break;
    index += code > 0xffff ? 2 : 1;
  }
  return index;
}

function isNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (code > 127 && LETTER.test(String.fromCodePoint(code)));
}

function isNameContinue(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57) || code === 45;
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function isPunctuation(char: string): char is Punctuation {
  return PUNCTUATION.has(char);
}

function unexpected(source: string, index: number): ExpressionError {
  const char = String.fromCodePoint(source.codePointAt(index) ?? 0);
  const hint = char === '}' ? 'close the expression with `}}`' : 'an expression is a path such as message.text or a literal, then optional | filters';
  return new ExpressionError(`unexpected \`${char}\`: ${hint}`, source, index);
}
