import { describe, expect, it } from 'vitest';
import { compare } from './compare.ts';
import type { Operator } from './definition.ts';

const cases: [Operator, unknown, unknown, boolean][] = [
  ['equals', 'Yes', 'yes', true],
  ['equals', 3, '3.0', true],
  ['equals', '007', '7', false],
  ['equals', null, '', true],
  ['equals', { a: 1 }, '{"a":1}', true],
  ['not_equals', 'a', 'b', true],
  ['not_equals', 'a', 'A', false],
  ['contains', 'Hello World', 'world', true],
  ['contains', ['red', 'Green'], 'green', true],
  ['contains', [1, 2], '2', true],
  ['contains', ['red'], 're', false],
  ['not_contains', 'hello', 'bye', true],
  ['not_contains', ['a'], 'a', false],
  ['starts_with', '/start now', '/START', true],
  ['starts_with', 'hello', 'lo', false],
  ['ends_with', 'file.PDF', '.pdf', true],
  ['ends_with', 'file.pdf', '.doc', false],
  ['greater_than', '21', 18, true],
  ['greater_than', 18, '18', false],
  ['greater_than', 'abc', 18, false],
  ['greater_than', '', -1, false],
  ['less_than', 2.5, '3', true],
  ['less_than', 3, 2, false],
  ['less_than', 1, null, false],
  ['is_empty', undefined, undefined, true],
  ['is_empty', '   ', undefined, true],
  ['is_empty', [], undefined, true],
  ['is_empty', {}, undefined, true],
  ['is_empty', 0, undefined, false],
  ['is_empty', 'x', undefined, false],
  ['is_not_empty', ['x'], undefined, true],
  ['is_not_empty', null, undefined, false],
  ['is_true', true, undefined, true],
  ['is_true', ' Yes ', undefined, true],
  ['is_true', 1, undefined, true],
  ['is_true', 'false', undefined, false],
  ['is_true', 0, undefined, false],
  ['is_true', {}, undefined, false],
];

describe('compare', () => {
  it.each(cases)('%s(%j, %j) is %s', (operator, left, right, expected) => {
    expect(compare(operator, left, right, false)).toBe(expected);
  });

  it('tells case apart when asked to', () => {
    expect(compare('equals', 'Yes', 'yes', true)).toBe(false);
    expect(compare('contains', ['Green'], 'green', true)).toBe(false);
    expect(compare('starts_with', 'Hello', 'He', true)).toBe(true);
  });
});
