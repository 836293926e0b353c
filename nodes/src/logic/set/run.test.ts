import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { setNode } from './run.ts';

describe('logic.set', () => {
  it('sets each variable and passes the input on', async () => {
    const assignments = [
      { name: 'name', value: 'Ada' },
      { name: 'tags', value: ['a', 'b'] },
      { name: 'count', value: 1 },
    ];
    const run = await runNode(setNode, { config: { assignments }, inputs: { in: 'x' }, vars: { count: 0, kept: true } });
    expect(run.vars).toEqual({ name: 'Ada', tags: ['a', 'b'], count: 1, kept: true });
    expect(run.outputs).toEqual({ out: 'x' });
  });

  it('outputs null without an input', async () => {
    const { outputs } = await runNode(setNode, { config: { assignments: [{ name: 'a', value: 1 }] } });
    expect(outputs).toEqual({ out: null });
  });

  it('rejects names expressions cannot read', () => {
    for (const name of ['1st', 'my var', '__proto__', '']) {
      expect(setNode.definition.config.safeParse({ assignments: [{ name, value: 1 }] }).success).toBe(false);
    }
  });
});
