import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { templateNode } from './run.ts';

describe('logic.template', () => {
  it('outputs the resolved template', async () => {
    const { outputs } = await runNode(templateNode, { config: { template: 'Hello Ada' } });
    expect(outputs).toEqual({ text: 'Hello Ada' });
  });

  it('renders a lone expression that resolved to another value as text', async () => {
    expect((await runNode(templateNode, { config: { template: 42 } })).outputs).toEqual({ text: '42' });
    expect((await runNode(templateNode, { config: { template: ['a', 1] } })).outputs).toEqual({ text: '["a",1]' });
    expect((await runNode(templateNode, { config: { template: undefined } })).outputs).toEqual({ text: '' });
  });
});
