import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { chatTriggerNode } from './run.ts';

describe('trigger.chat', () => {
  it('outputs the message and its text', async () => {
    const { outputs } = await runNode(chatTriggerNode, { config: {}, event: { text: 'hello', userId: 'u1' } });
    expect(outputs?.text).toBe('hello');
    expect(outputs?.message).toMatchObject({ kind: 'message', text: 'hello', userId: 'u1', channel: 'api' });
  });

  it('listens to messages only', () => {
    expect(chatTriggerNode.definition.trigger?.events).toEqual(['message']);
  });
});
