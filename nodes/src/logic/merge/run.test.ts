import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { mergeNode } from './run.ts';

describe('logic.merge', () => {
  it('outputs the first live value and all of them', async () => {
    const { outputs } = await runNode(mergeNode, { config: {}, inputs: { in: ['from b', { c: 1 }] } });
    expect(outputs).toEqual({ out: 'from b', all: ['from b', { c: 1 }] });
  });

  it('fires only `all` when no branch ran', async () => {
    const { outputs } = await runNode(mergeNode, { config: {}, inputs: {} });
    expect(outputs).toEqual({ all: [] });
  });

  it('accepts several edges on `in`', () => {
    expect(mergeNode.definition.inputs.in?.multiple).toBe(true);
  });
});
