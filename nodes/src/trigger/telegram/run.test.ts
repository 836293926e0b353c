import { describe, expect, it } from 'vitest';
import { runNode } from '../../testing/harness.ts';
import { channelTriggerConfig, wakeRulesOf } from '../channel-trigger.ts';
import { telegramTriggerDefinition } from './definition.ts';
import { telegramTriggerNode } from './run.ts';

const normalized = {
  platform: 'telegram',
  messageId: '42',
  chat: { id: '-100', kind: 'group', title: 'Team' },
  sender: { id: '7', name: 'Ann' },
  text: '@bot /help me',
  attachments: [],
  mentions: [],
  sentAt: '2026-11-24T00:00:00.000Z',
};

describe('trigger.telegram', () => {
  it('takes Telegram messages only', () => {
    expect(telegramTriggerDefinition.trigger).toEqual({ events: ['message'], channels: ['telegram'] });
  });

  it('puts the platform message and the text out of "message" and "text"', async () => {
    const { outputs } = await runNode(telegramTriggerNode, { config: {}, event: { text: 'hello', channel: 'telegram', userId: '7', payload: { message: normalized } } });
    expect(outputs?.text).toBe('hello');
    expect(outputs?.message).toMatchObject({ text: 'hello', channel: 'telegram', userId: '7', chat: { id: '-100', kind: 'group' }, sender: { name: 'Ann' } });
  });

  it('routes a configured command to its own port, and other commands to "message"', async () => {
    const config = { commands: [{ command: 'help', description: 'How to use the bot' }] };
    const help = await runNode(telegramTriggerNode, { config, event: { text: '/help me', channel: 'telegram', payload: { message: normalized, command: { name: 'help', args: 'me' } } } });
    expect(Object.keys(help.outputs ?? {})).toEqual(['help']);
    expect(help.outputs?.help).toMatchObject({ command: { name: 'help', args: 'me' }, chat: { id: '-100' } });
    const other = await runNode(telegramTriggerNode, { config, event: { text: '/start', channel: 'telegram', payload: { message: normalized, command: { name: 'start', args: '' } } } });
    expect(Object.keys(other.outputs ?? {}).sort()).toEqual(['message', 'text']);
  });

  it('reads commands from the text in the playground, where there is no platform message', async () => {
    const { outputs } = await runNode(telegramTriggerNode, { config: { commands: [{ command: 'reset' }] }, event: { text: '/reset', channel: 'playground' } });
    expect(outputs?.reset).toMatchObject({ text: '/reset', channel: 'playground' });
  });

  it('offers a port per configured command', () => {
    const config = channelTriggerConfig.parse({ commands: [{ command: 'start' }] });
    expect(Object.keys(telegramTriggerDefinition.outputsFor?.(config) ?? {})).toEqual(['message', 'text', 'start']);
    expect(channelTriggerConfig.safeParse({ commands: [{ command: 'text' }] }).success).toBe(false);
  });
});

describe('wakeRulesOf', () => {
  it('maps the form to wake rules', () => {
    const rules = wakeRulesOf(channelTriggerConfig.parse({ prefixes: '/ !ask', rateLimit: 5, allowUsers: '1, 2\n3', denyChats: '-9' }));
    expect(rules).toEqual({
      groups: { mention: true, reply: true, prefixes: ['/', '!ask'], everyMessage: false },
      allowUsers: ['1', '2', '3'],
      denyUsers: [],
      allowChats: [],
      denyChats: ['-9'],
      rateLimit: { messages: 5, perSeconds: 60, reply: 'You are sending messages too quickly. Please wait a moment and try again.' },
    });
  });

  it('answers nothing in groups when told so, and everything when told so', () => {
    expect(wakeRulesOf(channelTriggerConfig.parse({ groups: 'never' })).groups).toEqual({ mention: false, reply: false, prefixes: [], everyMessage: false });
    expect(wakeRulesOf(channelTriggerConfig.parse({ groups: 'every-message' })).groups.everyMessage).toBe(true);
  });
});
