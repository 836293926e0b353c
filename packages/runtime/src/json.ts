import type { Prisma } from '@switchboard/db';

/** Narrows a value to what Prisma stores in a Json column; it rejects what JSON cannot hold. */
export function isJson(value: unknown): value is Prisma.InputJsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => item === null || isJson(item));
  if (typeof value === 'object') {
    return Object.values(value).every((item) => item === undefined || item === null || isJson(item));
  }
  return false;
}

export function toJson(value: unknown): Prisma.InputJsonValue {
  if (!isJson(value)) throw new Error('value cannot be stored as JSON');
  return value;
}
