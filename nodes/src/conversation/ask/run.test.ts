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

  it('may suspend the run', () => {
    expect(askNode.definition.suspends).toBe(true);
  });
});
