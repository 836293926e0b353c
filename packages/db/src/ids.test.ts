import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';
import { isUuid } from './uuid.ts';

describe('newId (UUIDv7)', () => {
  it('is a version 7, variant 10 UUID carrying the time', () => {
    const id = newId(Date.UTC(2026, 0, 2));
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(Date.UTC(2026, 0, 2));
  });

  it('increases strictly, within one millisecond and when the clock goes back', () => {
    const ids = [newId(2_000_000_000_000), newId(2_000_000_000_000), newId(1_999_999_999_999), ...Array.from({ length: 10_000 }, () => newId())];
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
