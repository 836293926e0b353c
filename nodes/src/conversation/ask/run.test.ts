import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { askNode } from './run.ts';

describe('conversation.ask', () => {
  it('suspends with the prompt on its first run, sending nothing itself', async () => {
    const run = await runNode(askNode, { config: { prompt: 'Your name?' } });
    expect(run.suspension).toEqual({ kind: 'ask', prompt: { text: 'Your name?' } });
    expect(run.replies).toEqual([]);
  });

  it('suspends without a prompt when it is empty', async () => {
    expect((await runNode(askNode, { config: {} })).suspension).toEqual({ kind: 'ask' });
  });

  it('outputs the next message as the answer and stores it', async () => {
    const run = await runNode(askNode, { config: { prompt: 'Your name?', variable: 'name' }, resumed: { event: { text: 'Ada' } } });
    expect(run.outputs).toEqual({ answer: 'Ada' });
    expect(run.vars).toEqual({ name: 'Ada' });
  });

  it('stores nothing without a variable', async () => {
    const run = await runNode(askNode, { config: { prompt: 'Your name?' }, resumed: { event: { text: 'Ada' } } });
    expect(run.outputs).toEqual({ answer: 'Ada' });
    expect(run.vars).toEqual({});
  });

  it('waits with a deadline when it has a time-out, and fires timeout instead of answer when the timer comes first', async () => {
    const before = Date.now();
    const run = await runNode(askNode, { config: { prompt: 'Still there?', timeoutSeconds: 30 } });
    expect(run.suspension).toMatchObject({ kind: 'ask', prompt: { text: 'Still there?' } });
    const until = run.suspension?.kind === 'ask' ? run.suspension.until : undefined;
    expect(until).toBeGreaterThanOrEqual(before + 30_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 30_000);
    const timedOut = await runNode(askNode, { config: { prompt: 'Still there?', timeoutSeconds: 30, variable: 'reply' }, resumed: { event: { kind: 'timer', text: '' } } });
    expect(timedOut.outputs).toEqual({ timeout: { afterSeconds: 30 } });
    expect(timedOut.vars).toEqual({});
  });

  it('refuses a time-out under a second or over 90 days', async () => {
    await expect(runNode(askNode, { config: { timeoutSeconds: 0.5 } })).rejects.toThrow();
    await expect(runNode(askNode, { config: { timeoutSeconds: 91 * 24 * 3600 } })).rejects.toThrow();
  });

  it('may suspend the run', () => {
    expect(askNode.definition.suspends).toBe(true);
  });
});
