import { describe, expect, it } from 'vitest';
import type { Scope } from './evaluate.ts';
import { parseTemplate } from './template.ts';

/** [1, <hole>, 3] */
function holeAtOne(): unknown[] {
  const list: unknown[] = [1];
  list[2] = 3;
  return list;
}

const scope: Scope = {
  message: { kind: 'message', text: 'hello', payload: { items: [{ id: 'a' }, { id: 'b' }], 'odd key': 1, 0: 'zero' } },
  nodes: { 'llm-1': { text: 'answer', usage: { tokens: 12 } }, http: { body: null } },
  vars: { name: 'Ada', key: 'text', index: 1, list: ['x', 'y', 'z'], sparse: holeAtOne(), flag: false, zero: 0 },
};

const run = (source: string, at: Scope = scope): unknown => parseTemplate(source).evaluate(at);

describe('paths', () => {
  it('read the message, node outputs and variables', () => {
    expect(run('{{ message.text }}')).toBe('hello');
    expect(run('{{ message }}')).toBe(scope.message);
    expect(run('{{ nodes.llm-1.text }}')).toBe('answer');
    expect(run('{{ nodes.llm-1.usage.tokens }}')).toBe(12);
    expect(run('{{ vars.name }}')).toBe('Ada');
    expect(run('{{ vars.flag }}')).toBe(false);
    expect(run('{{ nodes.http.body }}')).toBeNull();
  });

  it('read quoted keys and list indexes', () => {
    expect(run('{{ message.payload["odd key"] }}')).toBe(1);
    expect(run('{{ message.payload.items[1].id }}')).toBe('b');
    expect(run('{{ message.payload.items["0"].id }}')).toBe('a');
    expect(run('{{ message.payload[0] }}')).toBe('zero');
    expect(run('{{ vars.list.length }}')).toBe(3);
  });

  it('read computed indexes', () => {
    expect(run('{{ nodes.llm-1[vars.key] }}')).toBe('answer');
    expect(run('{{ vars.list[vars.index] }}')).toBe('y');
    expect(run('{{ vars.list[vars.zero] }}')).toBe('x');
    expect(run('{{ vars.list[message.payload.items | length] }}')).toBe('z');
  });

  it('yield undefined for anything missing, never throwing', () => {
    for (const source of [
      '{{ vars.nope }}',
      '{{ vars.nope.deeper.still }}',
      '{{ vars.name.length }}',
      '{{ vars.list[3] }}',
      '{{ vars.sparse[1] }}',
      '{{ vars.list.x }}',
      '{{ vars.list["01"] }}',
      '{{ nodes.http.body.x }}',
      '{{ vars.zero.x }}',
      '{{ vars.list[vars.nope] }}',
      '{{ vars.list[vars.flag] }}',
      '{{ vars[vars.list] }}',
    ]) {
      expect(run(source), source).toBeUndefined();
    }
  });

  it('read only own properties of plain objects and lists', () => {
    const inherited: unknown = Object.create({ secret: 'leaked', text: 'leaked' });
    const withOwn: unknown = Object.assign(Object.create({ secret: 'leaked' }), { own: 1 });
    class Box {
      value = 1;
    }
    const at: Scope = {
      message: inherited,
      nodes: {},
      vars: { inherited, withOwn, box: new Box(), date: new Date(0), map: new Map([['a', 1]]), bare: Object.assign(Object.create(null), { a: 1 }) },
    };
    expect(run('{{ message.secret }}', at)).toBeUndefined();
    expect(run('{{ message.text }}', at)).toBeUndefined();
    expect(run('{{ vars.inherited.secret }}', at)).toBeUndefined();
    expect(run('{{ vars.withOwn.secret }}', at)).toBeUndefined();
    expect(run('{{ vars.withOwn.own }}', at)).toBeUndefined();
    expect(run('{{ vars.box.value }}', at)).toBeUndefined();
    expect(run('{{ vars.date.getTime }}', at)).toBeUndefined();
    expect(run('{{ vars.map.size }}', at)).toBeUndefined();
    expect(run('{{ vars.bare.a }}', at)).toBe(1);
    expect(run('{{ vars.toString }}', at)).toBeUndefined();
    expect(run('{{ vars.hasOwnProperty }}', at)).toBeUndefined();
    expect(run('{{ vars.list.map }}')).toBeUndefined();
  });

  it('never follow a computed key to a prototype', () => {
    const at: Scope = { message: {}, nodes: {}, vars: { keys: ['__proto__', 'constructor', 'prototype'], own: JSON.parse('{"__proto__": {"x": 1}}') } };
    expect(run('{{ vars[vars.keys[0]] }}', at)).toBeUndefined();
    expect(run('{{ vars[vars.keys[1]] }}', at)).toBeUndefined();
    expect(run('{{ vars.keys[vars.keys[2]] }}', at)).toBeUndefined();
    // Even an own property called __proto__ (JSON.parse makes one) stays out of reach.
    expect(run('{{ vars.own[vars.keys[0]] }}', at)).toBeUndefined();
  });
});

describe('literals', () => {
  it('evaluate to themselves', () => {
    expect(run('{{ "a}}b" }}')).toBe('a}}b');
    expect(run('{{ 42 }}')).toBe(42);
    expect(run('{{ -0.5 }}')).toBe(-0.5);
    expect(run('{{ true }}')).toBe(true);
    expect(run('{{ null }}')).toBeNull();
  });
});

describe('evaluation', () => {
  it('is repeatable against different scopes', () => {
    const template = parseTemplate('{{ vars.name | upper }}');
    expect(template.evaluate(scope)).toBe('ADA');
    expect(template.evaluate({ ...scope, vars: { name: 'Grace' } })).toBe('GRACE');
    expect(template.evaluate(scope)).toBe('ADA');
  });

  it('passes path arguments to filters on each evaluation', () => {
    const template = parseTemplate('{{ vars.missing | default(vars.name) }}');
    expect(template.evaluate(scope)).toBe('Ada');
    expect(template.evaluate({ ...scope, vars: { name: 'Lin' } })).toBe('Lin');
  });
});
