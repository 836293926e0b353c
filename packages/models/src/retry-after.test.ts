import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './retry-after.ts';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const read = (headers: Record<string, string>): number | undefined => retryAfterMs(new Headers(headers), now);

  it('reads seconds, an HTTP date, and the milliseconds header first', () => {
    expect(read({ 'retry-after': '3' })).toBe(3000);
    expect(read({ 'retry-after': '0.5' })).toBe(500);
    expect(read({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' })).toBe(7000);
    expect(read({ 'retry-after': '3', 'retry-after-ms': '1200' })).toBe(1200);
  });

  it('says nothing when the server said nothing usable', () => {
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(read({})).toBeUndefined();
    expect(read({ 'retry-after': 'soon' })).toBeUndefined();
    expect(read({ 'retry-after': '-1' })).toBeUndefined();
    // A date already past means "now".
    expect(read({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' })).toBe(0);
  });
});
