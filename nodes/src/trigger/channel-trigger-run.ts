// The server half shared by platform triggers: which port a message leaves by.
import { parseCommand, type Command } from '@switchboard/channels';
import { implementNode, type InboundEvent } from '@switchboard/flow-schema';
import { z } from 'zod';
import type { channelTriggerDefinition } from './channel-trigger.ts';

/** What a channel puts in the event's payload: the normalized message and the command it carries. */
const ChannelPayload = z.looseObject({
  message: z.looseObject({ chat: z.looseObject({ id: z.string(), kind: z.enum(['private', 'group']) }), sender: z.looseObject({ id: z.string() }) }),
  command: z.object({ name: z.string(), args: z.string() }).optional(),
});

/** The `message` output: the event (text, user, channel) with the platform's normalized message. */
function messageOf(event: InboundEvent): { message: Record<string, unknown>; command: Command | undefined } {
  const { payload, ...rest } = event;
  const parsed = ChannelPayload.safeParse(payload);
  // In the playground there is no platform message: the plain event stands in for it.
  if (!parsed.success) return { message: { ...rest }, command: parseCommand(event.text) };
  return { message: { ...parsed.data.message, ...rest, command: parsed.data.command }, command: parsed.data.command };
}

export function implementChannelTrigger(definition: ReturnType<typeof channelTriggerDefinition>) {
  return implementNode(definition, (ctx) => {
    const { message, command } = messageOf(ctx.event);
    const routed = command && ctx.config.commands.find((entry) => entry.command.toLowerCase() === command.name);
    if (routed) return { outputs: { [routed.command]: message } };
    return { outputs: { message, text: ctx.event.text } };
  });
}
