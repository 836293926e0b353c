import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { webhookTriggerNode } from './run.ts';

describe('trigger.webhook', () => {
  it('outputs the JSON body and the text', async () => {
    const event = { kind: 'webhook' as const, channel: 'webhook', text: 'ping', payload: { order: 42 } };
    const { outputs } = await runNode(webhookTriggerNode, { config: {}, event });
    expect(outputs).toEqual({ body: { order: 42 }, text: 'ping' });
  });

  it('gives an empty object for a call without a body', async () => {
    const { outputs } = await runNode(webhookTriggerNode, { config: {}, event: { kind: 'webhook', channel: 'webhook' } });
    expect(outputs).toEqual({ body: {}, text: '' });
  });

  it('listens to webhook calls only', () => {
    expect(webhookTriggerNode.definition.trigger?.events).toEqual(['webhook']);
  });
});
