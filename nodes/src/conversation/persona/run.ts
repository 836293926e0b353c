import { PermanentNodeError, implementNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { personaDefinition } from './definition.ts';

const CommandPayload = z.object({ command: z.object({ args: z.string() }) });

export const personaNode = implementNode(personaDefinition, async (ctx) => {
  const command = CommandPayload.safeParse(ctx.event.payload);
  const asked = (ctx.config.persona.trim() || (command.success ? command.data.command.args : ctx.event.text.replace(/^\/\S+\s*/, ''))).trim();
  if (asked === '') return { outputs: { unknown: '' } };
  if (!ctx.services.persona) throw new PermanentNodeError('this server has no persona library');
  const persona = await ctx.services.persona(asked);
  if (!persona) return { outputs: { unknown: asked } };
  ctx.setVar('persona', persona.id);
  if (ctx.config.greet && persona.greeting !== undefined && persona.greeting.trim() !== '') ctx.reply({ text: persona.greeting });
  return { outputs: { out: persona.name } };
});
