import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time.ts';

const now = new Date('2026-11-24T22:00:00Z');
const ago = (seconds: number) => relativeTime(new Date(now.getTime() - seconds * 1000), now, 'en');

describe('relativeTime', () => {
  it('says how long ago, in the largest unit that fits', () => {
    expect(ago(20)).toBe('just now');
    expect(ago(60)).toBe('1 minute ago');
    expect(ago(59 * 60)).toBe('59 minutes ago');
    expect(ago(2 * 3600 + 59)).toBe('2 hours ago');
    expect(ago(24 * 3600)).toBe('yesterday');
    expect(ago(3 * 24 * 3600)).toBe('3 days ago');
    expect(ago(400 * 24 * 3600)).toBe('last year');
  });

  it('counts a clock a little ahead as just now, and the future as in …', () => {
    expect(ago(-5)).toBe('just now');
    expect(ago(-2 * 3600)).toBe('in 2 hours');
  });
});
