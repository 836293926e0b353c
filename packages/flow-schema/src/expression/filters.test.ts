import { describe, expect, it } from 'vitest';
import { FILTERS } from './filters.ts';
import { parseTemplate } from './template.ts';

/** Applies `filter` to `input` (and `vars.arg` to path arguments) the way a flow would. */
function apply(filter: string, input: unknown, arg?: unknown): unknown {
  return parseTemplate(`{{ vars.x | ${filter} }}`).evaluate({ message: null, nodes: {}, vars: { x: input, arg } });
}

class Thing {
  text = 'hidden';
}
const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;
/** Inputs of every shape: no filter may throw on any of them. */
const ODD_INPUTS: unknown[] = [undefined, null, '', 'text', 0, -1.5, NaN, Infinity, true, 10n, [], [1, 'a'], {}, { a: 1 }, cyclic, new Thing(), new Date(0), Symbol('s'), () => 1];

describe('text filters', () => {
  it('upper, lower, trim', () => {
    expect(apply('upper', 'Grüße')).toBe('GRÜSSE');
    expect(apply('lower', 'ABC')).toBe('abc');
    expect(apply('trim', '  a b \n')).toBe('a b');
    expect(apply('upper', true)).toBe('TRUE');
    expect(apply('trim', 5)).toBe('5');
    for (const input of [undefined, null, { a: 1 }, ['a']]) expect(apply('upper', input)).toBe('');
  });

  it('truncate keeps at most n characters, ending in … when it cuts', () => {
    expect(apply('truncate(5)', 'hello world')).toBe('hell…');
    expect(apply('truncate(5)', 'hello')).toBe('hello');
    expect(apply('truncate(1)', 'hello')).toBe('…');
    expect(apply('truncate(0)', 'hello')).toBe('');
    expect(apply('truncate(3)', '😀😀😀😀')).toBe('😀😀…');
    expect(apply('truncate(3)', 12345)).toBe('12…');
    expect(apply('truncate(3)', null)).toBe('');
    expect(apply('truncate(vars.arg)', 'hello', '2')).toBe('h…');
    // An unusable length from a path leaves the text whole rather than failing.
    expect(apply('truncate(vars.arg)', 'hello', 'x')).toBe('hello');
    expect(apply('truncate(vars.arg)', 'hello', -1)).toBe('hello');
  });

  it('replace replaces every occurrence of plain text', () => {
    expect(apply('replace("a", "o")', 'banana')).toBe('bonono');
    expect(apply('replace(".", "$&$&")', 'a.b')).toBe('a$&$&b');
    expect(apply('replace("", "x")', 'ab')).toBe('ab');
    expect(apply('replace(1, 2)', 'a1b1')).toBe('a2b2');
    expect(apply('replace("a", vars.arg)', 'aa', null)).toBe('');
    expect(apply('replace("a", "b")', { a: 1 })).toBe('');
  });

  it('split makes a list', () => {
    expect(apply('split(",")', 'a,b,,c')).toEqual(['a', 'b', '', 'c']);
    expect(apply('split("")', 'a😀b')).toEqual(['a', '😀', 'b']);
    expect(apply('split(",")', '')).toEqual([]);
    expect(apply('split(",")', null)).toEqual([]);
    expect(apply('split(",")', ['a,b'])).toEqual([]);
  });
});

describe('value filters', () => {
  it('length counts characters, items or keys', () => {
    expect(apply('length', 'héllo😀')).toBe(6);
    expect(apply('length', [1, 2])).toBe(2);
    expect(apply('length', { a: 1, b: 2 })).toBe(2);
    expect(apply('length', undefined)).toBe(0);
    expect(apply('length', null)).toBe(0);
    expect(apply('length', 42)).toBeNull();
    expect(apply('length', new Thing())).toBeNull();
  });

  it('json always produces JSON text', () => {
    expect(apply('json', { a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(apply('json', 'say "hi"')).toBe('"say \\"hi\\""');
    expect(apply('json', undefined)).toBe('null');
    expect(apply('json', cyclic)).toBe('null');
    expect(apply('json', 10n)).toBe('null');
  });

  it('default replaces missing, null and ""', () => {
    expect(apply('default("friend")', undefined)).toBe('friend');
    expect(apply('default("friend")', null)).toBe('friend');
    expect(apply('default("friend")', '')).toBe('friend');
    expect(apply('default("friend")', 0)).toBe(0);
    expect(apply('default("friend")', false)).toBe(false);
    expect(apply('default(vars.arg)', null, [1])).toEqual([1]);
  });

  it('join renders items as text', () => {
    expect(apply('join(", ")', ['a', 1, null, { b: true }])).toBe('a, 1, , {"b":true}');
    expect(apply('join(vars.arg)', ['a', 'b'], '-')).toBe('a-b');
    expect(apply('join("-")', 'single')).toBe('single');
    expect(apply('join("-")', undefined)).toBe('');
  });

  it('first and last', () => {
    expect(apply('first', [1, 2, 3])).toBe(1);
    expect(apply('last', [1, 2, 3])).toBe(3);
    expect(apply('first', [])).toBeUndefined();
    expect(apply('last', [])).toBeUndefined();
    expect(apply('first', '😀ab')).toBe('😀');
    expect(apply('last', 'ab😀')).toBe('😀');
    expect(apply('last', '')).toBe('');
    expect(apply('first', { a: 1 })).toBeNull();
    expect(apply('last', 7)).toBeNull();
  });

  it('number converts, giving null when it cannot', () => {
    expect(apply('number', '42')).toBe(42);
    expect(apply('number', ' 1.5 ')).toBe(1.5);
    expect(apply('number', 7)).toBe(7);
    expect(apply('number', true)).toBe(1);
    for (const input of ['abc', '', '  ', null, undefined, NaN, Infinity, [], [5], {}]) expect(apply('number', input), JSON.stringify(input)).toBeNull();
  });

  it('string renders as interpolation does', () => {
    expect(apply('string', 5)).toBe('5');
    expect(apply('string', null)).toBe('');
    expect(apply('string', [1, 'a'])).toBe('[1,"a"]');
    expect(apply('string', cyclic)).toBe('');
  });

  it('contains looks in text, lists and object keys', () => {
    expect(apply('contains("ell")', 'hello')).toBe(true);
    expect(apply('contains("x")', 'hello')).toBe(false);
    expect(apply('contains(2)', 'a2')).toBe(true);
    expect(apply('contains(2)', [1, 2])).toBe(true);
    expect(apply('contains("2")', [1, 2])).toBe(false);
    expect(apply('contains(null)', [undefined])).toBe(true);
    expect(apply('contains("a")', { a: 1 })).toBe(true);
    expect(apply('contains("toString")', { a: 1 })).toBe(false);
    expect(apply('contains(vars.arg)', 'hello', { e: 1 })).toBe(false);
    expect(apply('contains(vars.arg)', 'hello', undefined)).toBe(false);
    expect(apply('contains("a")', null)).toBe(false);
    expect(apply('contains("text")', new Thing())).toBe(false);
  });

  it('eq compares without conversion; missing equals null', () => {
    expect(apply('eq("yes")', 'yes')).toBe(true);
    expect(apply('eq(1)', '1')).toBe(false);
    expect(apply('eq(1)', 1)).toBe(true);
    expect(apply('eq(null)', undefined)).toBe(true);
    expect(apply('eq(false)', null)).toBe(false);
    expect(apply('number | eq(1)', '1')).toBe(true);
    expect(apply('eq(vars.arg)', 'a', 'a')).toBe(true);
  });
});

describe('every filter', () => {
  it('accepts any input and any path argument without throwing', () => {
    for (const { name, args } of FILTERS) {
      const call = args === '' ? name : `${name}(${args.slice(1, -1).split(', ').map(() => 'vars.arg').join(', ')})`;
      for (const input of ODD_INPUTS) {
        for (const arg of ODD_INPUTS) expect(() => apply(call, input, arg), `${call} on ${String(input)}`).not.toThrow();
      }
    }
  });
});

describe('FILTERS', () => {
  it('lists every filter with a description and its arguments for the editor', () => {
    expect(FILTERS.map(({ name, args }) => `${name}${args}`)).toEqual([
      'upper',
      'lower',
      'trim',
      'length',
      'json',
      'default(value)',
      'truncate(n)',
      'join(separator)',
      'first',
      'last',
      'number',
      'string',
      'split(separator)',
      'replace(find, with)',
      'contains(x)',
      'eq(x)',
    ]);
    for (const filter of FILTERS) expect(filter.description.length).toBeGreaterThan(10);
    expect(Object.isFrozen(FILTERS)).toBe(true);
  });
});
