/**
 * `value` as it reads back from a JSON column: what JSON cannot hold is dropped (undefined, functions)
 * or converted (dates become strings), exactly as JSON.stringify does. Throws on what JSON refuses
 * (bigints, cycles).
 */
export function storedValue(value: unknown): unknown {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  const parsed: unknown = JSON.parse(JSON.stringify(value));
  return parsed;
}

/** A record as it reads back from a JSON column; keys whose value JSON cannot hold are dropped. */
export function storedRecord(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const stored = storedValue(record);
  return isRecord(stored) ? stored : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
