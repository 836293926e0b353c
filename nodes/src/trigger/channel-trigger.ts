// What every IM platform's trigger shares: when it wakes (the wake rules of packages/channels, as a
// flat form an operator can fill in) and commands routed to their own output ports. Browser-safe.
import { WakeRules } from '@switchboard/channels';
import { defineNode, ERROR_PORT, type PortSpec } from '@switchboard/flow-schema';
import { z } from 'zod';
import { identifier } from '../shared/fields.ts';
import { hint } from '../shared/ui.ts';

const RESERVED_PORTS = ['message', 'text', ERROR_PORT];

/** Ids separated by commas, spaces or new lines: how people paste lists of user ids. */
const idList = (description: string) => z.string().max(20_000).default('').meta(hint(description, { widget: 'textarea', advanced: true }));

export const channelTriggerConfig = z.object({
  groups: z
    .enum(['addressed', 'every-message', 'never'])
    .default('addressed')
    .meta(hint('In group chats: answer only when addressed (a mention, a reply to the bot, a command), every message, or never.', { widget: 'select' })),
  mention: z.boolean().default(true).meta(hint('A mention of the bot addresses it.', { showWhen: { field: 'groups', in: ['addressed'] } })),
  replyToBot: z.boolean().default(true).meta(hint('A reply to one of the bot\'s messages addresses it.', { showWhen: { field: 'groups', in: ['addressed'] } })),
  prefixes: z
    .string()
    .max(200)
    .default('/')
    .meta(hint('Message starts that address the bot, separated by spaces (e.g. "/ !ask"); "/" means commands.', { showWhen: { field: 'groups', in: ['addressed'] } })),
  commands: z
    .array(
      z.object({
        command: identifier.refine((name) => !RESERVED_PORTS.includes(name.toLowerCase()), `"message", "text" and "${ERROR_PORT}" are taken`).meta(hint('Without the slash, e.g. start, help, reset.', { widget: 'text' })),
        description: z.string().max(256).default('').meta(hint('What it does, for the command list users see.', { widget: 'text' })),
      }),
    )
    .max(50)
    .default([])
    .refine((commands) => new Set(commands.map((c) => c.command.toLowerCase())).size === commands.length, 'each command once')
    .meta(hint('Commands with their own output port; other commands come out of "message" like any text.', { widget: 'list' })),
  rateLimit: z
    .int()
    .min(0)
    .max(10_000)
    .default(0)
    .meta(hint('Most messages one user may send per minute (0: no limit).', { widget: 'number', advanced: true })),
  rateLimitReply: z
    .string()
    .max(1000)
    .default('You are sending messages too quickly. Please wait a moment and try again.')
    .meta(hint('Sent once when a user goes over the limit.', { widget: 'textarea', advanced: true })),
  allowUsers: idList('Only these user ids may use the bot (empty: everyone).'),
  denyUsers: idList('These user ids are ignored.'),
  allowChats: idList('Only in these chat ids (empty: any chat).'),
  denyChats: idList('These chat ids are ignored.'),
});
export type ChannelTriggerConfig = z.output<typeof channelTriggerConfig>;

const ids = (text: string): string[] => text.split(/[\s,]+/).filter((id) => id !== '');

/** The wake rules a trigger's config describes. */
export function wakeRulesOf(config: ChannelTriggerConfig): WakeRules {
  return WakeRules.parse({
    groups: {
      mention: config.groups === 'addressed' && config.mention,
      reply: config.groups === 'addressed' && config.replyToBot,
      prefixes: config.groups === 'addressed' ? config.prefixes.split(/\s+/).filter((prefix) => prefix !== '') : [],
      everyMessage: config.groups === 'every-message',
    },
    allowUsers: ids(config.allowUsers),
    denyUsers: ids(config.denyUsers),
    allowChats: ids(config.allowChats),
    denyChats: ids(config.denyChats),
    ...(config.rateLimit > 0 ? { rateLimit: { messages: config.rateLimit, perSeconds: 60, reply: config.rateLimitReply } } : {}),
  });
}

const MESSAGE_PORTS = {
  message: { type: 'message', description: 'The message: text, sender, chat, files, mentions, the reply it answers.' },
  text: { type: 'text', description: 'What the user wrote (the mention of the bot taken out).' },
} as const satisfies Record<string, PortSpec>;

/** A platform's trigger node: its messages, with each configured command on a port of its own. */
export function channelTriggerDefinition(options: { type: string; platform: string; title: string; description: string; icon: string }) {
  return defineNode({
    type: options.type,
    version: 1,
    kind: 'trigger',
    title: options.title,
    description: options.description,
    category: 'Triggers',
    icon: options.icon,
    inputs: {},
    outputs: MESSAGE_PORTS,
    outputsFor: (config) => {
      const ports: Record<string, PortSpec> = { ...MESSAGE_PORTS };
      for (const { command, description } of config.commands) {
        ports[command] = { type: 'message', label: `/${command}`, description: description === '' ? `The /${command} command.` : description };
      }
      return ports;
    },
    config: channelTriggerConfig,
    trigger: { events: ['message'], channels: [options.platform] },
  });
}
