import { describe, expect, it } from 'vitest';
import { baseRevision, revisionTag } from './if-match.ts';

describe('If-Match for draft revisions', () => {
  it('reads the revision from a quoted, bare or weak tag', () => {
    expect(baseRevision('"3"')).toBe(3);
    expect(baseRevision('12')).toBe(12);
    expect(baseRevision(' W/"7" ')).toBe(7);
    expect(baseRevision(revisionTag(41))).toBe(41);
  });

  it('means no check without the header or with *', () => {
    expect(baseRevision(undefined)).toBeUndefined();
    expect(baseRevision('*')).toBeUndefined();
  });

  it('refuses anything else with a message that shows the expected form', () => {
    for (const bad of ['"abc"', '"1", "2"', '0', '-1', '"3']) {
      expect(() => baseRevision(bad)).toThrow(/If-Match: "3"/);
    }
  });
});
