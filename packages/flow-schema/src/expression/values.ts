/** How expressions look at runtime values. Nothing here throws. */

/** Never read, whatever the object: they lead to prototypes, not data. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Only plain objects are read: class instances, maps, dates … could expose behaviour rather than data. */
export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

export function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** The text filters read: strings, numbers, booleans; anything else (null, missing, objects, lists) is ''. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  const scalar = typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint';
  return scalar ? String(value) : '';
}

/** How `{{ }}` inside text renders a value: objects and lists as JSON, null and missing as ''. */
export function stringify(value: unknown): string {
  if (typeof value === 'object' && value !== null) return tryJson(value) ?? '';
  return toText(value);
}

/** Always valid JSON text: values without a JSON form (missing, cyclic, bigint) become `null`. */
export function toJson(value: unknown): string {
  return tryJson(value) ?? 'null';
}

function tryJson(value: unknown): string | undefined {
  try {
    // JSON.stringify returns undefined for undefined and functions, despite its declared type.
    const json: unknown = JSON.stringify(value);
    return typeof json === 'string' ? json : undefined;
  } catch {
    return undefined;
  }
}

/** A finite number, or null: '' and missing are not zero. */
export function toNumber(value: unknown): number | null {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'boolean') number = value ? 1 : 0;
  else if (typeof value === 'bigint') number = Number(value);
  else if (typeof value === 'string' && value.trim() !== '') number = Number(value);
  else return null;
  return Number.isFinite(number) ? number : null;
}

/** Missing and null are the same thing to an expression author. */
export function equals(a: unknown, b: unknown): boolean {
  return a === b || (isNullish(a) && isNullish(b));
}
