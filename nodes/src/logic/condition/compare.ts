import { renderText } from '../../shared/render.ts';
import type { Operator } from './definition.ts';

/** Whether `left <operator> right` holds. Never throws: values that cannot be compared do not match. */
export function compare(operator: Operator, left: unknown, right: unknown, caseSensitive: boolean): boolean {
  const fold = (value: unknown): string => (caseSensitive ? renderText(value) : renderText(value).toLowerCase());
  const same = (a: unknown, b: unknown): boolean => {
    // A real number on either side compares numerically, so 3 equals "3.0"; two texts compare as text, so "007" is not "7".
    const numeric = typeof a === 'number' || typeof b === 'number';
    const x = toNumber(a);
    const y = toNumber(b);
    return numeric && x !== null && y !== null ? x === y : fold(a) === fold(b);
  };
  switch (operator) {
    case 'equals':
      return same(left, right);
    case 'not_equals':
      return !same(left, right);
    case 'contains':
      return contains(left, right, same, fold);
    case 'not_contains':
      return !contains(left, right, same, fold);
    case 'starts_with':
      return fold(left).startsWith(fold(right));
    case 'ends_with':
      return fold(left).endsWith(fold(right));
    // What users type is often not a number ("abc" for an age): that is the false branch (ask again), not a failed run.
    case 'greater_than':
      return compareNumbers(left, right, (a, b) => a > b);
    case 'less_than':
      return compareNumbers(left, right, (a, b) => a < b);
    case 'is_empty':
      return isEmpty(left);
    case 'is_not_empty':
      return !isEmpty(left);
    case 'is_true':
      return isTrue(left);
  }
}

function contains(left: unknown, right: unknown, same: (a: unknown, b: unknown) => boolean, fold: (value: unknown) => string): boolean {
  return Array.isArray(left) ? left.some((item) => same(item, right)) : fold(left).includes(fold(right));
}

function compareNumbers(left: unknown, right: unknown, holds: (a: number, b: number) => boolean): boolean {
  const a = toNumber(left);
  const b = toNumber(right);
  return a !== null && b !== null && holds(a, b);
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'on', '1']);

function isTrue(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return typeof value === 'string' && TRUE_WORDS.has(value.trim().toLowerCase());
}
