import type { Expression, FilterCall, Path, Primary, ReferenceRoot, Segment, TemplatePart } from './ast.ts';
import { ExpressionError } from './error.ts';
import { FILTER_NAMES, findFilter, signature, type FilterDefinition } from './filters.ts';
import { lex, type Token } from './lexer.ts';
import { FORBIDDEN_KEYS } from './values.ts';

/** Bounds the work one template can cause, at parse time and at every evaluation. */
export const MAX_SOURCE_LENGTH = 10_000;
export const MAX_DEPTH = 32;

const ROOTS: ReadonlySet<string> = new Set<ReferenceRoot>(['message', 'nodes', 'vars']);
const KEYWORDS: ReadonlyMap<string, boolean | null> = new Map([
  ['true', true],
  ['false', false],
  ['null', null],
]);

/** Splits a template into literal text and parsed `{{ }}` expressions. `\{{` is a literal `{{`. */
export function parseParts(source: string): TemplatePart[] {
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new ExpressionError(
      `template is ${source.length} characters long; the limit is ${MAX_SOURCE_LENGTH}: shorten it or move long text into a variable`,
      source,
      MAX_SOURCE_LENGTH,
    );
  }
  const parts: TemplatePart[] = [];
  let text = '';
  let cursor = 0;
  for (let open = source.indexOf('{{'); open !== -1; open = source.indexOf('{{', cursor)) {
    if (source.charAt(open - 1) === '\\') {
      text += `${source.slice(cursor, open - 1)}{{`;
      cursor = open + 2;
      continue;
    }
    text += source.slice(cursor, open);
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
    const { tokens, close, end } = lex(source, open);
    parts.push({ kind: 'expression', expression: parseTokens({ source, tokens, close, index: 0 }), position: open });
    cursor = end;
  }
  text += source.slice(cursor);
  if (text !== '') parts.push({ kind: 'text', text });
  return parts;
}

interface State {
  readonly source: string;
  readonly tokens: readonly Token[];
  readonly close: Token;
  index: number;
}

function parseTokens(state: State): Expression {
  if (state.tokens.length === 0) {
    throw new ExpressionError('empty expression: write a path such as message.text between {{ and }}', state.source, state.close.position);
  }
  const expression = parseExpression(state, 1);
  const next = peek(state);
  if (next.kind !== 'close') throw fail(state, `expected | or }} after the expression, found ${describe(next)}`, next);
  return expression;
}

/** expression := primary ('|' filter)* */
function parseExpression(state: State, depth: number): Expression {
  const head = parsePrimary(state, depth);
  const filters: FilterCall[] = [];
  while (peek(state).kind === '|') {
    state.index++;
    filters.push(parseFilter(state, depth));
  }
  return { head, filters, position: head.position };
}

/** primary := string | number | true | false | null | root ('.' name | '[' expression ']')* */
function parsePrimary(state: State, depth: number): Primary {
  const token = peek(state);
  if (depth > MAX_DEPTH) {
    throw fail(state, `expression is nested more than ${MAX_DEPTH} levels deep: simplify it, or compute part of it in an earlier node`, token);
  }
  if (token.kind === 'string' || token.kind === 'number') {
    state.index++;
    return { kind: 'literal', value: token.value, position: token.position };
  }
  if (token.kind !== 'name') throw fail(state, `expected a path such as message.text or a literal, found ${describe(token)}`, token);
  state.index++;
  const keyword = KEYWORDS.get(token.name);
  if (keyword !== undefined) return { kind: 'literal', value: keyword, position: token.position };
  if (!isRoot(token.name)) {
    throw fail(state, `unknown name \`${token.name}\`: expressions start with message, nodes or vars`, token);
  }
  return parsePath(state, token.name, token.position, depth);
}

function parsePath(state: State, root: ReferenceRoot, position: number, depth: number): Path {
  const segments: Segment[] = [];
  for (let token = peek(state); token.kind === '.' || token.kind === '['; token = peek(state)) {
    state.index++;
    segments.push(token.kind === '.' ? parseName(state) : parseIndex(state, depth));
  }
  return { kind: 'path', root, segments, position };
}

function parseName(state: State): Segment {
  const token = peek(state);
  if (token.kind === 'number') throw fail(state, `expected a name after ., found ${describe(token)}: write [${token.value}] for a list index`, token);
  if (token.kind !== 'name') throw fail(state, `expected a name after ., found ${describe(token)}`, token);
  state.index++;
  checkKey(state, token.name, token);
  return { kind: 'key', key: token.name, position: token.position };
}

/** A literal index is a key known at parse time; anything else is computed on each evaluation. */
function parseIndex(state: State, depth: number): Segment {
  const inner = parseExpression(state, depth + 1);
  const closing = peek(state);
  if (closing.kind !== ']') throw fail(state, `expected ] to end the index, found ${describe(closing)}`, closing);
  state.index++;
  const { head } = inner;
  if (inner.filters.length > 0 || head.kind === 'path') return { kind: 'computed', expression: inner, position: inner.position };
  if (typeof head.value === 'string') {
    checkKey(state, head.value, head);
    return { kind: 'key', key: head.value, position: head.position };
  }
  if (typeof head.value === 'number' && Number.isInteger(head.value) && head.value >= 0) {
    return { kind: 'key', key: head.value, position: head.position };
  }
  const hint = typeof head.value === 'number' && head.value < 0 ? ': use | last for the last item' : '';
  throw fail(state, `an index is a "key" or a whole number ≥ 0, not ${String(head.value)}${hint}`, head);
}

/** filter := name ('(' (primary (',' primary)*)? ')')? */
function parseFilter(state: State, depth: number): FilterCall {
  const token = peek(state);
  if (token.kind !== 'name') throw fail(state, `expected a filter name after |, found ${describe(token)}`, token);
  const definition = findFilter(token.name);
  if (definition === undefined) {
    throw fail(state, `unknown filter \`${token.name}\`: use one of ${FILTER_NAMES.join(', ')}`, token);
  }
  state.index++;
  const args: Primary[] = [];
  if (peek(state).kind === '(') {
    state.index++;
    if (peek(state).kind === ')') state.index++;
    else {
      for (;;) {
        args.push(parsePrimary(state, depth + 1));
        const next = peek(state);
        state.index++;
        if (next.kind === ')') break;
        if (next.kind !== ',') throw fail(state, `expected , or ) after a filter argument, found ${describe(next)}: arguments are literals or paths`, next);
      }
    }
  }
  checkArgs(state, definition, args, token);
  return { definition, args, position: token.position };
}

function checkArgs(state: State, definition: FilterDefinition, args: readonly Primary[], at: Token): void {
  const { name, params } = definition;
  if (args.length !== params.length) {
    const expected = params.length === 0 ? 'no arguments' : `${params.length} argument${params.length === 1 ? '' : 's'}`;
    throw fail(state, `\`${name}\` takes ${expected}, got ${args.length}: write | ${name}${signature(definition)}`, at);
  }
  params.forEach((param, index) => {
    const arg = args[index];
    if (arg?.kind !== 'literal') return;
    if (param.type === 'text' && typeof arg.value !== 'string' && typeof arg.value !== 'number') {
      throw fail(state, `\`${name}\` expects text for ${param.name}, not ${String(arg.value)}: write it in quotes`, arg);
    }
    if (param.type === 'count' && !(typeof arg.value === 'number' && Number.isInteger(arg.value) && arg.value >= 0)) {
      throw fail(state, `\`${name}\` expects a whole number ≥ 0 for ${param.name}, not ${JSON.stringify(arg.value)}`, arg);
    }
  });
}

function checkKey(state: State, key: string, at: { readonly position: number }): void {
  if (FORBIDDEN_KEYS.has(key)) {
    throw fail(state, `\`${key}\` cannot be read: expressions read data only, never __proto__, constructor or prototype`, at);
  }
}

function isRoot(name: string): name is ReferenceRoot {
  return ROOTS.has(name);
}

/** The parser never consumes `}}`, so reading past the tokens yields it. */
function peek(state: State): Token {
  return state.tokens[state.index] ?? state.close;
}

function describe(token: Token): string {
  if (token.kind === 'name') return `\`${token.name}\``;
  if (token.kind === 'string') return `the string ${JSON.stringify(token.value)}`;
  if (token.kind === 'number') return `\`${token.value}\``;
  return token.kind === 'close' ? '}}' : `\`${token.kind}\``;
}

function fail(state: State, message: string, at: { readonly position: number }): ExpressionError {
  return new ExpressionError(message, state.source, at.position);
}
