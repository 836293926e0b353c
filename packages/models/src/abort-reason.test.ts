import { describe, expect, it } from 'vitest';
import { abortReason } from './abort-reason.ts';

describe('abortReason', () => {
  it('passes an Error reason through and wraps anything else in an AbortError', () => {
    const reason = new Error('gone');
    expect(abortReason(AbortSignal.abort(reason))).toBe(reason);
    expect(abortReason(AbortSignal.abort('bye'))).toMatchObject({ name: 'AbortError', message: 'bye' });
    expect(abortReason(undefined)).toMatchObject({ name: 'AbortError' });
  });
});
