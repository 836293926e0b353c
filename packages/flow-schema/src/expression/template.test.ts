import { describe, expect, it } from 'vitest';
import { ExpressionError } from './error.ts';
import type { Scope } from './evaluate.ts';
import { hasTemplate, parseTemplate } from './template.ts';
import * as api from './index.ts';

const scope: Scope = {
  message: { text: 'hi', user: { name: 'Ada' } },
  nodes: { 'llm-1': { text: 'answer', tokens: 12, data: { a: [1, 2] } } },
  vars: { name: '', count: 3, ok: true, nothing: null, list: ['a', 'b'] },
};

describe('hasTemplate', () => {
  it('is true exactly when the string contains {{', () => {
    expect(hasTemplate('Hello {{ message.text }}')).toBe(true);
    expect(hasTemplate('\\{{ literal')).toBe(true);
    expect(hasTemplate('Hello { world }}')).toBe(false);
    expect(hasTemplate('')).toBe(false);
  });
});

describe('interpolation', () => {
  it('renders text around expressions', () => {
    expect(parseTemplate('Hello {{ message.text | upper }}!').evaluate(scope)).toBe('Hello HI!');
    expect(parseTemplate('{{ message.user.name }} said {{ message.text }}').evaluate(scope)).toBe('Ada said hi');
    expect(parseTemplate('Hi {{ vars.name | default("friend") }}').evaluate(scope)).toBe('Hi friend');
  });

  it('stringifies values: strings as-is, numbers and booleans via String, null and missing as "", objects as JSON', () => {
    const render = (expression: string) => parseTemplate(`[{{ ${expression} }}]`).evaluate(scope);
    expect(render('nodes.llm-1.text')).toBe('[answer]');
    expect(render('nodes.llm-1.tokens')).toBe('[12]');
    expect(render('vars.ok')).toBe('[true]');
    expect(render('vars.nothing')).toBe('[]');
    expect(render('vars.missing')).toBe('[]');
    expect(render('nodes.llm-1.data')).toBe('[{"a":[1,2]}]');
    expect(render('vars.list')).toBe('[["a","b"]]');
  });

  it('always returns a string when there is more than one expression or other text', () => {
    for (const source of ['{{ vars.count }}{{ vars.count }}', 'n={{ vars.count }}', '{{ vars.count }}.']) {
      const template = parseTemplate(source);
      expect(template.isSingleExpression).toBe(false);
      expect(typeof template.evaluate(scope)).toBe('string');
    }
  });

  it('returns plain text unchanged', () => {
    const template = parseTemplate('just text }} and { braces }');
    expect(template.evaluate(scope)).toBe('just text }} and { braces }');
    expect(template.isSingleExpression).toBe(false);
    expect(template.references).toEqual([]);
    expect(parseTemplate('').evaluate(scope)).toBe('');
  });
});

describe('single expressions', () => {
  it('return the raw value', () => {
    expect(parseTemplate('{{ nodes.llm-1.data }}').evaluate(scope)).toBe(scope.nodes['llm-1']?.data);
    expect(parseTemplate('{{ vars.count }}').evaluate(scope)).toBe(3);
    expect(parseTemplate('{{ vars.ok }}').evaluate(scope)).toBe(true);
    expect(parseTemplate('{{ vars.nothing }}').evaluate(scope)).toBeNull();
    expect(parseTemplate('{{ vars.missing }}').evaluate(scope)).toBeUndefined();
    expect(parseTemplate('{{ vars.list | contains("b") }}').evaluate(scope)).toBe(true);
  });

  it('allow whitespace around the braces', () => {
    const template = parseTemplate(' \n {{vars.count}}\t ');
    expect(template.isSingleExpression).toBe(true);
    expect(template.evaluate(scope)).toBe(3);
  });

  it('do not count an escaped {{ as whitespace', () => {
    expect(parseTemplate('\\{{ {{ vars.count }}').isSingleExpression).toBe(false);
  });
});

describe('escapes', () => {
  it('\\{{ is a literal {{, and a backslash elsewhere is literal', () => {
    expect(parseTemplate('use \\{{ vars.x }} to insert').evaluate(scope)).toBe('use {{ vars.x }} to insert');
    expect(parseTemplate('\\{{{{ message.text }}').evaluate(scope)).toBe('{{hi');
    expect(parseTemplate('a\\b \\{ \\}} {{ message.text }}').evaluate(scope)).toBe('a\\b \\{ \\}} hi');
    expect(parseTemplate('\\{{ only').references).toEqual([]);
  });

  it('string literals take \\ escapes and may contain }}', () => {
    expect(parseTemplate(String.raw`{{ "say \"}}\"\n" }}`).evaluate(scope)).toBe('say "}}"\n');
    expect(parseTemplate(String.raw`{{ '\\{{' }}`).evaluate(scope)).toBe('\\{{');
  });
});

describe('references', () => {
  it('list every path read, filter arguments and computed indexes included, once each', () => {
    const template = parseTemplate(
      '{{ nodes.llm-1.text }} {{ vars.a | default(message.user.name) | replace(vars.b, "x") }} {{ nodes.llm-1.text }} {{ message }}',
    );
    expect(template.references).toEqual([
      { root: 'nodes', path: ['llm-1', 'text'] },
      { root: 'vars', path: ['a'] },
      { root: 'message', path: ['user', 'name'] },
      { root: 'vars', path: ['b'] },
      { root: 'message', path: [] },
    ]);
  });

  it('stop a path at its first computed index', () => {
    expect(parseTemplate('{{ nodes["llm-1"].data[0][vars.key | lower].x[1] }}').references).toEqual([
      { root: 'nodes', path: ['llm-1', 'data', '0'] },
      { root: 'vars', path: ['key'] },
    ]);
  });

  it('ignore literals', () => {
    expect(parseTemplate('{{ "vars.a" | default(1) }}').references).toEqual([]);
  });
});

describe('parseTemplate', () => {
  it('keeps the source and freezes the result', () => {
    const template = parseTemplate('{{ vars.a }}');
    expect(template.source).toBe('{{ vars.a }}');
    expect(Object.isFrozen(template)).toBe(true);
    expect(Object.isFrozen(template.references)).toBe(true);
  });

  it('throws ExpressionError with the position and source', () => {
    const source = 'Hello {{ user.name }}';
    expect(() => parseTemplate(source)).toThrow(ExpressionError);
    expect(() => parseTemplate(source)).toThrow(
      expect.objectContaining({ position: 9, source, message: 'unknown name `user`: expressions start with message, nodes or vars' }),
    );
  });
});

describe('the package API', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(api).sort()).toEqual(['ExpressionError', 'FILTERS', 'hasTemplate', 'parseTemplate']);
  });
});
