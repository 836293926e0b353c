import { describe, expect, it } from 'vitest';
import { filterFromQuery, filterQuery, fromLocalInput, isFiltered, noFilter, toLocalInput } from './filter-query.ts';

describe('filter query', () => {
  it('round-trips the filters in use through the URL and leaves the rest out', () => {
    const filter = { ...noFilter, status: 'failed', text: '100% sure', from: '2026-01-31T09:00:00.000Z' };
    const query = filterQuery(filter);
    expect(query).toBe('?status=failed&text=100%25+sure&from=2026-01-31T09%3A00%3A00.000Z');
    expect(filterFromQuery(new URLSearchParams(query))).toEqual(filter);
    expect(filterQuery(noFilter)).toBe('');
    expect(isFiltered(noFilter)).toBe(false);
    expect(isFiltered(filter)).toBe(true);
  });

  it('ignores parameters that are no filter', () => {
    expect(filterFromQuery(new URLSearchParams('colour=red&userId=ada'))).toEqual({ ...noFilter, userId: 'ada' });
  });
});

describe('datetime-local values', () => {
  it('reads a local minute as an instant, `to` to the end of that minute, and shows it back', () => {
    const from = fromLocalInput('2026-01-31T09:05', 'from');
    const to = fromLocalInput('2026-01-31T09:05', 'to');
    expect(new Date(to).getTime() - new Date(from).getTime()).toBe(59_999);
    expect(new Date(from).getMinutes()).toBe(5);
    expect(toLocalInput(from)).toBe('2026-01-31T09:05');
    expect(toLocalInput(to)).toBe('2026-01-31T09:05');
  });

  it('gives no filter for an empty or unfinished value, and shows nothing for a bad instant', () => {
    expect(fromLocalInput('', 'from')).toBe('');
    expect(fromLocalInput('2026-01-31', 'to')).toBe('');
    expect(toLocalInput('yesterday')).toBe('');
    expect(toLocalInput('')).toBe('');
  });
});
