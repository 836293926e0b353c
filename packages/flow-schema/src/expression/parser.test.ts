import { describe, expect, it } from 'vitest';
import type { Expression, TemplatePart } from './ast.ts';
import { ExpressionError } from './error.ts';
import { MAX_DEPTH, MAX_SOURCE_LENGTH, parseParts } from './parser.ts';

function only(source: string): Expression {
  const expressions = parseParts(source).flatMap((part) => (part.kind === 'expression' ? [part.expression] : []));
  const [expression] = expressions;
  if (expressions.length !== 1 || expression === undefined) throw new Error(`expected one expression in ${source}`);
  return expression;
}

function catchError(source: string): ExpressionError {
  try {
    parseParts(source);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${source} to fail`);
}

describe('parseParts', () => {
  it('splits text and expressions, recording where each {{ starts', () => {
    const parts: TemplatePart[] = parseParts('Hi {{ vars.a }}, {{ vars.b }}!');
    expect(parts.map((part) => (part.kind === 'text' ? part.text : part.position))).toEqual(['Hi ', 3, ', ', 17, '!']);
  });

  it('parses paths with names, quoted keys, list indexes and computed indexes', () => {
    const { head } = only('{{ nodes.llm-1["a b"][2][vars.key] }}');
    expect(head).toMatchObject({
      kind: 'path',
      root: 'nodes',
      position: 3,
      segments: [
        { kind: 'key', key: 'llm-1', position: 9 },
        { kind: 'key', key: 'a b', position: 15 },
        { kind: 'key', key: 2, position: 22 },
        { kind: 'computed', position: 25, expression: { head: { kind: 'path', root: 'vars' } } },
      ],
    });
  });

  it('parses literals', () => {
    const literal = (source: string) => only(source).head;
    expect(literal('{{ "a" }}')).toEqual({ kind: 'literal', value: 'a', position: 3 });
    expect(literal("{{ 'b' }}")).toMatchObject({ value: 'b' });
    expect(literal('{{ 4.5 }}')).toMatchObject({ value: 4.5 });
    expect(literal('{{ -3 }}')).toMatchObject({ value: -3 });
    expect(literal('{{ true }}')).toMatchObject({ value: true });
    expect(literal('{{ false }}')).toMatchObject({ value: false });
    expect(literal('{{ null }}')).toMatchObject({ value: null });
  });

  it('parses a chain of filters with literal and path arguments', () => {
    const { filters } = only('{{ vars.a | trim | replace("x", vars.y) | upper() }}');
    expect(filters.map((filter) => [filter.definition.name, filter.args.map((arg) => arg.kind), filter.position])).toEqual([
      ['trim', [], 12],
      ['replace', ['literal', 'path'], 19],
      ['upper', [], 42],
    ]);
  });

  it('treats filters inside an index as a computed index', () => {
    expect(only('{{ vars.a[vars.k | lower] }}').head).toMatchObject({ segments: [{ key: 'a' }, { kind: 'computed' }] });
  });
});

describe('parse errors say what is wrong, what to do, and where', () => {
  const cases: [source: string, message: string, position: number][] = [
    ['{{ foo }}', 'unknown name `foo`: expressions start with message, nodes or vars', 3],
    ['{{ vars.a | default(bar) }}', 'unknown name `bar`', 20],
    ['Hi {{ message.text ', 'unclosed `{{`: end the expression with `}}`', 3],
    ['{{ vars.a }} {{ vars', 'unclosed `{{`', 13],
    ['{{ }}', 'empty expression: write a path such as message.text', 3],
    ['{{ | upper }}', 'expected a path such as message.text or a literal, found `|`', 3],
    ['{{ vars.a vars.b }}', 'expected | or }} after the expression, found `vars`', 10],
    ['{{ "a".b }}', 'expected | or }} after the expression, found `.`', 6],
    ['{{ vars. }}', 'expected a name after ., found }}', 9],
    ['{{ vars.0 }}', 'write [0] for a list index', 8],
    ['{{ vars["a" }}', 'expected ] to end the index, found }}', 12],
    ['{{ vars[] }}', 'expected a path such as message.text or a literal, found `]`', 8],
    ['{{ vars[-1] }}', 'not -1: use | last for the last item', 8],
    ['{{ vars[1.5] }}', 'an index is a "key" or a whole number ≥ 0, not 1.5', 8],
    ['{{ vars[true] }}', 'not true', 8],
    ['{{ vars.a | }}', 'expected a filter name after |, found }}', 12],
    ['{{ vars.a | shout }}', 'unknown filter `shout`: use one of upper, lower, trim', 12],
    ['{{ vars.a | truncate }}', '`truncate` takes 1 argument, got 0: write | truncate(n)', 12],
    ['{{ vars.a | replace("a") }}', '`replace` takes 2 arguments, got 1: write | replace(find, with)', 12],
    ['{{ vars.a | upper(1) }}', '`upper` takes no arguments, got 1: write | upper', 12],
    ['{{ vars.a | default() }}', '`default` takes 1 argument, got 0', 12],
    ['{{ vars.a | join(",", ) }}', 'expected a path such as message.text or a literal, found `)`', 22],
    ['{{ vars.a | join("," }}', 'expected , or ) after a filter argument, found }}', 21],
    ['{{ vars.a | default(vars.b | upper) }}', 'found `|`: arguments are literals or paths', 27],
    ['{{ vars.a | truncate("5") }}', '`truncate` expects a whole number ≥ 0 for n, not "5"', 21],
    ['{{ vars.a | truncate(-1) }}', 'not -1', 21],
    ['{{ vars.a | join(null) }}', '`join` expects text for separator, not null: write it in quotes', 17],
    ['{{ vars.a | split(true) }}', '`split` expects text for separator, not true', 18],
  ];
  for (const [source, message, position] of cases) {
    it(source, () => {
      const error = catchError(source);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('ExpressionError');
      expect(error.message).toContain(message);
      expect(error.position).toBe(position);
      expect(error.source).toBe(source);
    });
  }
});

describe('prototype access is rejected at parse time', () => {
  const cases: [string, number][] = [
    ['{{ vars.__proto__ }}', 8],
    ['{{ vars["constructor"] }}', 8],
    ["{{ message.a['prototype'] }}", 13],
    ['{{ nodes.x.constructor.name }}', 11],
    ['{{ vars.a | default(vars.__proto__) }}', 25],
    ['{{ vars[vars.prototype] }}', 13],
  ];
  for (const [source, position] of cases) {
    it(source, () => {
      const error = catchError(source);
      expect(error.message).toMatch(/cannot be read: expressions read data only/);
      expect(error.position).toBe(position);
    });
  }

  it('allows those words as string values', () => {
    expect(() => parseParts('{{ vars.a | eq("constructor") }}')).not.toThrow();
  });
});

describe('bounds', () => {
  it(`accepts a template of ${MAX_SOURCE_LENGTH} characters and rejects a longer one`, () => {
    const fits = `{{ vars.a }}${'x'.repeat(MAX_SOURCE_LENGTH - 12)}`;
    expect(parseParts(fits)).toHaveLength(2);
    const error = catchError(`${fits}x`);
    expect(error.message).toBe('template is 10001 characters long; the limit is 10000: shorten it or move long text into a variable');
    expect(error.position).toBe(MAX_SOURCE_LENGTH);
  });

  const nested = (levels: number) => `{{ ${'vars.a['.repeat(levels - 1)}vars.b${']'.repeat(levels - 1)} }}`;

  it(`accepts ${MAX_DEPTH} levels of nesting and rejects ${MAX_DEPTH + 1}`, () => {
    expect(() => parseParts(nested(MAX_DEPTH))).not.toThrow();
    const source = nested(MAX_DEPTH + 1);
    const error = catchError(source);
    expect(error.message).toContain(`nested more than ${MAX_DEPTH} levels deep`);
    expect(error.position).toBe(source.lastIndexOf('vars.b'));
  });

  it('counts filter arguments as a level', () => {
    const source = `{{ ${'vars.a['.repeat(MAX_DEPTH - 1)}vars.b | default(vars.c)${']'.repeat(MAX_DEPTH - 1)} }}`;
    expect(catchError(source).position).toBe(source.indexOf('vars.c'));
  });

  it('stops deep nesting long before the stack would overflow', () => {
    expect(catchError(`{{ ${'vars['.repeat(1900)} }}`).message).toContain('nested more than');
  });
});
