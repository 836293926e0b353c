import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { loopNode } from './run.ts';

describe('logic.loop', () => {
  it('runs the body per item, in order, and collects what it returned', async () => {
    const seen: unknown[] = [];
    const runBody = async (item: unknown, index: number): Promise<unknown> => {
      seen.push(['start', index]);
      await new Promise((resolve) => setTimeout(resolve, index === 0 ? 20 : 0));
      seen.push(['end', index]);
      return `${String(item)}!`;
    };
    const { outputs } = await runNode(loopNode, { config: {}, inputs: { list: ['a', 'b'] }, runBody });
    expect(outputs).toEqual({ done: ['a!', 'b!'] });
    // The second item starts only after the first finished.
    expect(seen).toEqual([['start', 0], ['end', 0], ['start', 1], ['end', 1]]);
  });

  it('fires `done` with an empty list without running the body', async () => {
    const { outputs } = await runNode(loopNode, { config: {}, inputs: { list: [] }, runBody: () => expect.fail('no body') });
    expect(outputs).toEqual({ done: [] });
  });

  it('fails on a list longer than maxItems, saying the count and the limit', async () => {
    const list = Array.from({ length: 101 }, (_, i) => i);
    await expect(runNode(loopNode, { config: {}, inputs: { list }, runBody: () => null })).rejects.toThrow(
      'the list has 101 items, more than maxItems (100): raise maxItems (up to 10000) or shorten the list',
    );
    await expect(runNode(loopNode, { config: { maxItems: 2 }, inputs: { list: [1, 2] }, runBody: (i) => i })).resolves.toMatchObject({ outputs: { done: [1, 2] } });
  });

  it('fails when the input is not a list', async () => {
    await expect(runNode(loopNode, { config: {}, inputs: { list: 'abc' } })).rejects.toThrow('input `list` must be a list, got string');
  });

  it('caps maxItems at 10,000', () => {
    expect(loopNode.definition.config.safeParse({ maxItems: 10_001 }).success).toBe(false);
    expect(loopNode.definition.config.safeParse({ maxItems: '500' }).data).toEqual({ maxItems: 500 });
  });

  it('fails when the body fails', async () => {
    const runBody = (): never => {
      throw new Error('body broke');
    };
    await expect(runNode(loopNode, { config: {}, inputs: { list: [1] }, runBody })).rejects.toThrow('body broke');
  });
});
