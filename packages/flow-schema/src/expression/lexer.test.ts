import { describe, expect, it } from 'vitest';
import { ExpressionError } from './error.ts';
import { lex } from './lexer.ts';

const kinds = (source: string) => lex(source, 0).tokens.map((token) => token.kind);

describe('lex', () => {
  it('reads names, punctuation, strings and numbers up to }}', () => {
    const { tokens, close, end } = lex('{{ nodes.llm-1["a"][0] | truncate(-2.5, \'x\') }} tail', 0);
    expect(tokens.map((token) => token.kind)).toEqual(['name', '.', 'name', '[', 'string', ']', '[', 'number', ']', '|', 'name', '(', 'number', ',', 'string', ')']);
    expect(tokens[2]).toEqual({ kind: 'name', name: 'llm-1', position: 9 });
    expect(tokens[12]).toEqual({ kind: 'number', value: -2.5, position: 34 });
    expect(close).toEqual({ kind: 'close', position: 45 });
    expect(end).toBe(47);
  });

  it('starts after the {{ at the given offset and skips all whitespace', () => {
    const { tokens } = lex('ab {{\n\tvars\r\n}}', 3);
    expect(tokens).toEqual([{ kind: 'name', name: 'vars', position: 7 }]);
  });

  it('reads letters of any script, digits, _ and - in names', () => {
    expect(lex('{{ vars.名前_1-x }}', 0).tokens[2]).toEqual({ kind: 'name', name: '名前_1-x', position: 8 });
    expect(lex('{{ _a }}', 0).tokens[0]).toEqual({ kind: 'name', name: '_a', position: 3 });
  });

  it('decodes string escapes and keeps }} inside strings', () => {
    const { tokens } = lex(String.raw`{{ "a\"b\\c\n}}" 'it\'s' }}`, 0);
    expect(tokens).toEqual([
      { kind: 'string', value: 'a"b\\c\n}}', position: 3 },
      { kind: 'string', value: "it's", position: 17 },
    ]);
  });

  it('rejects what it cannot read, pointing at it', () => {
    const cases: [string, string, number][] = [
      ['{{ vars', 'unclosed `{{`', 0],
      ['{{ "abc }}', 'unterminated string: close it with "', 3],
      [String.raw`{{ "a\qb" }}`, 'unknown escape `\\q`', 5],
      ['{{ vars + 1 }}', 'unexpected `+`', 8],
      ['{{ vars } }}', 'unexpected `}`: close the expression with `}}`', 8],
      ['{{ 12abc }}', '`12abc` is neither a number nor a name', 3],
      ['{{ 😀 }}', 'unexpected `😀`', 3],
    ];
    for (const [source, message, position] of cases) {
      const error = catchError(() => lex(source, 0));
      expect(error.message, source).toContain(message);
      expect(error.position, source).toBe(position);
      expect(error.source).toBe(source);
    }
  });

  it('lexes an empty expression as no tokens', () => {
    expect(kinds('{{ }}')).toEqual([]);
  });
});

function catchError(run: () => unknown): ExpressionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error('expected an ExpressionError');
}
