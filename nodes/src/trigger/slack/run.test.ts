import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { channelTriggerConfig } from '../channel-trigger.ts';
import { slackTriggerDefinition } from './definition.ts';
import { slackTriggerNode } from './run.ts';

/** What the Slack adapter makes of a slash command in a channel. */
const command = {
  platform: 'slack',
  messageId: 'command:123.456.abc',
  chat: { id: 'C0GENERAL', kind: 'group' },
  sender: { id: 'U0ALICE', username: 'alice' },
  text: '/deploy staging',
  attachments: [],
  mentions: [],
  command: { name: 'deploy', args: 'staging' },
  sentAt: '2026-11-24T00:00:00.000Z',
};

describe('trigger.slack', () => {
  it('takes Slack messages only', () => {
    expect(slackTriggerDefinition.type).toBe('trigger.slack');
    expect(slackTriggerDefinition.trigger).toEqual({ events: ['message'], channels: ['slack'] });
  });

  it('puts a mention in a thread out of "message" and "text"', async () => {
    const mention = { ...command, messageId: '1700000000.000100', text: '<@U0BOT> what time is it?', threadId: '1700000000.000100', mentions: [{ userId: 'U0BOT', isBot: true }] };
    const { command: _command, ...plain } = mention;
    const { outputs } = await runNode(slackTriggerNode, { config: {}, event: { text: 'what time is it?', channel: 'slack', userId: 'U0ALICE', payload: { message: plain } } });
    expect(outputs?.text).toBe('what time is it?');
    expect(outputs?.message).toMatchObject({ text: 'what time is it?', channel: 'slack', chat: { id: 'C0GENERAL', kind: 'group' }, threadId: '1700000000.000100' });
  });

  it('routes a configured slash command to its own port, and others to "message"', async () => {
    const config = { commands: [{ command: 'deploy', description: 'Ship it' }] };
    const routed = await runNode(slackTriggerNode, { config, event: { text: '/deploy staging', channel: 'slack', payload: { message: command, command: command.command } } });
    expect(Object.keys(routed.outputs ?? {})).toEqual(['deploy']);
    expect(routed.outputs?.deploy).toMatchObject({ command: { name: 'deploy', args: 'staging' }, sender: { username: 'alice' } });
    const other = await runNode(slackTriggerNode, { config, event: { text: '/help', channel: 'slack', payload: { message: { ...command, text: '/help' }, command: { name: 'help', args: '' } } } });
    expect(Object.keys(other.outputs ?? {}).sort()).toEqual(['message', 'text']);
  });

  it('offers a port per configured command', () => {
    const config = channelTriggerConfig.parse({ commands: [{ command: 'deploy' }] });
    expect(Object.keys(slackTriggerDefinition.outputsFor?.(config) ?? {})).toEqual(['message', 'text', 'deploy']);
  });
});
