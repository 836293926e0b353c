import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  it('makes version-7 UUIDs whose first 48 bits are the time in milliseconds', () => {
    const now = Date.UTC(2026, 10, 24, 12, 0, 0);
    const id = newId(now + 10_000);
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(now + 10_000);
  });

  it('sorts in creation order, also many within one millisecond, and never repeats', () => {
    const now = Date.now();
    const ids = [...Array.from({ length: 10_000 }, () => newId(now)), ...Array.from({ length: 100 }, () => newId())];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it('stays ordered when the clock goes backwards', () => {
    const later = newId(Date.now() + 60_000);
    const earlier = newId(Date.now());
    expect(earlier > later).toBe(true);
  });
});
