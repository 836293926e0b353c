import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { switchNode } from './run.ts';

const cases = [
  { port: 'sales', equals: 'buy' },
  { port: 'support', equals: 'help' },
  { port: 'again', equals: 'help' },
];

describe('logic.switch', () => {
  it('fires the first matching case with the input', async () => {
    const { outputs } = await runNode(switchNode, { config: { value: 'help', cases }, inputs: { in: 'payload' } });
    expect(outputs).toEqual({ support: 'payload' });
  });

  it('fires default when nothing matches, carrying the value without an input', async () => {
    const { outputs } = await runNode(switchNode, { config: { value: 'Help', cases } });
    expect(outputs).toEqual({ default: 'Help' });
  });

  it('compares numbers as text', async () => {
    const { outputs } = await runNode(switchNode, { config: { value: 2, cases: [{ port: 'two', equals: 2 }] } });
    expect(outputs).toEqual({ two: 2 });
  });

  it('exposes one output per case plus default', () => {
    const config = switchNode.definition.config.parse({ value: 'x', cases: cases.slice(0, 2) });
    expect(Object.keys(switchNode.definition.outputsFor?.(config) ?? {})).toEqual(['sales', 'support', 'default']);
  });

  it('rejects duplicate, reserved and malformed port names, and more than 20 cases', () => {
    const problems = (config: unknown): unknown[] => switchNode.definition.config.safeParse(config).error?.issues.map((i) => i.path) ?? [];
    expect(problems({ value: 'x', cases: [...cases, { port: 'sales', equals: 'b' }] })).toEqual([['cases']]);
    expect(problems({ value: 'x', cases: [{ port: 'default', equals: 'a' }] })).toEqual([['cases', 0, 'port']]);
    expect(problems({ value: 'x', cases: [{ port: 'error', equals: 'a' }] })).toEqual([['cases', 0, 'port']]);
    expect(problems({ value: 'x', cases: [{ port: 'has space', equals: 'a' }] })).toEqual([['cases', 0, 'port']]);
    expect(problems({ value: 'x', cases: [] })).toEqual([['cases']]);
    const many = Array.from({ length: 21 }, (_, i) => ({ port: `p${i}`, equals: String(i) }));
    expect(problems({ value: 'x', cases: many })).toEqual([['cases']]);
  });
});
