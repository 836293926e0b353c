import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { conditionNode } from './run.ts';

describe('logic.condition', () => {
  it('fires only `true` with the input when the condition holds', async () => {
    const { outputs } = await runNode(conditionNode, { config: { left: 'yes', operator: 'equals', right: 'YES' }, inputs: { in: { id: 7 } } });
    expect(outputs).toEqual({ true: { id: 7 } });
  });

  it('fires only `false` when it does not', async () => {
    const { outputs } = await runNode(conditionNode, { config: { left: 5, operator: 'greater_than', right: 10 }, inputs: { in: 'x' } });
    expect(outputs).toEqual({ false: 'x' });
  });

  it('carries the left value when no input is connected', async () => {
    const { outputs } = await runNode(conditionNode, { config: { left: ['a'], operator: 'is_not_empty' } });
    expect(outputs).toEqual({ true: ['a'] });
  });

  it('respects caseSensitive', async () => {
    const { outputs } = await runNode(conditionNode, { config: { left: 'Yes', right: 'yes', caseSensitive: true } });
    expect(outputs).toEqual({ false: 'Yes' });
  });

  it('rejects an unknown operator', () => {
    const parsed = conditionNode.definition.config.safeParse({ left: 1, operator: 'between' });
    expect(parsed.error?.issues[0]?.path).toEqual(['operator']);
  });
});
