import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { webchatMessage } from '../../webchat/message.ts';
import { webchatTriggerDefinition } from './definition.ts';
import { webchatTriggerNode } from './run.ts';

describe('trigger.webchat', () => {
  it('takes web chat messages only', () => {
    expect(webchatTriggerDefinition.trigger).toEqual({ events: ['message'], channels: ['webchat'] });
  });

  it('puts the visitor\'s message and text out of "message" and "text"', async () => {
    const message = webchatMessage({ visitorId: 'visitor-1', text: 'hello', messageId: 'm1' }, new Date('2026-11-24T00:00:00Z'));
    const { outputs } = await runNode(webchatTriggerNode, { config: {}, event: { text: 'hello', channel: 'webchat', userId: 'visitor-1', payload: { message } } });
    expect(outputs?.text).toBe('hello');
    expect(outputs?.message).toMatchObject({ text: 'hello', channel: 'webchat', chat: { id: 'visitor-1', kind: 'private' }, sender: { id: 'visitor-1' } });
  });
});
