import { afterEach, describe, expect, it, vi } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { delayNode } from './run.ts';

describe('logic.delay', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('suspends until now plus the delay', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { suspension, outputs } = await runNode(delayNode, { config: { seconds: 1.5 }, inputs: { in: 'x' } });
    expect(suspension).toEqual({ kind: 'delay', until: 1_001_500 });
    expect(outputs).toBeUndefined();
  });

  it('passes the input on when the timer resumes it', async () => {
    const resumed = { event: { kind: 'timer' as const, channel: 'timer' } };
    const { outputs } = await runNode(delayNode, { config: { seconds: 60 }, inputs: { in: { a: 1 } }, resumed });
    expect(outputs).toEqual({ out: { a: 1 } });
  });

  it('accepts 1 ms to 30 days', () => {
    const parse = (seconds: unknown): boolean => delayNode.definition.config.safeParse({ seconds }).success;
    expect([0.001, '90', 2_592_000].map(parse)).toEqual([true, true, true]);
    expect([0, -1, 2_592_001, 'soon', undefined].map(parse)).toEqual([false, false, false, false, false]);
  });
});
