import { defineNode, implementNode } from '@switchboard/flow-schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runNode } from './harness.ts';

const probe = implementNode(
  defineNode({
    type: 'test.probe',
    version: 1,
    kind: 'logic',
    title: 'Probe',
    description: 'Shows what a node sees.',
    category: 'Test',
    inputs: {},
    outputs: {},
    config: z.object({ count: z.number().int().default(1) }),
  }),
  async (ctx) => {
    ctx.setVar('seen', ctx.vars.before);
    ctx.memory.append({ role: 'user', content: 'hi' });
    ctx.reply({ text: 'r' });
    ctx.token('t');
    ctx.usage({ inputTokens: 1, outputTokens: 2 });
    const body = await ctx.runBody('item', 0).catch((error: unknown) => (error instanceof Error ? error.message : ''));
    return { outputs: { config: ctx.config, event: ctx.event, body, vars: ctx.vars } };
  },
);

describe('runNode', () => {
  it('validates the config with the node schema, applying defaults', async () => {
    expect((await runNode(probe, { config: {} })).outputs?.config).toEqual({ count: 1 });
    await expect(runNode(probe, { config: { count: 1.5 } })).rejects.toThrow('config after expressions: count:');
  });

  it('collects replies, tokens, usage, variables and memory', async () => {
    const run = await runNode(probe, { config: {}, vars: { before: 1 }, memory: [{ role: 'system', content: 's' }] });
    expect(run).toMatchObject({ replies: [{ text: 'r' }], tokens: ['t'], usage: [{ inputTokens: 1, outputTokens: 2 }] });
    expect(run.vars).toEqual({ before: 1, seen: 1 });
    expect(run.outputs?.vars).toEqual({ before: 1, seen: 1 });
    expect(run.memory).toEqual([{ role: 'system', content: 's' }, { role: 'user', content: 'hi' }]);
  });

  it('gives a plain API message by default, and refuses runBody outside loops', async () => {
    const { outputs } = await runNode(probe, { config: {}, event: { text: 'yo' } });
    expect(outputs?.event).toMatchObject({ kind: 'message', text: 'yo', channel: 'api' });
    expect(outputs?.body).toBe('runBody is only available to loop nodes');
  });
});
