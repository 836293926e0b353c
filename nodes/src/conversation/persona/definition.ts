import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { text } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';

export const personaDefinition = defineNode({
  type: 'conversation.persona',
  version: 1,
  kind: 'conversation',
  title: 'Switch persona',
  description: 'Switches the conversation to another persona from the library (model nodes without a persona of their own then use it), e.g. behind a "/persona" command.',
  category: 'Conversation',
  icon: 'drama',
  inputs: { in: { type: 'any', description: 'Only orders this node after another.' } },
  outputs: {
    out: { type: 'text', description: 'The name of the persona now in use.' },
    unknown: { type: 'text', description: 'Fires instead when there is no such persona: the name asked for.' },
  },
  config: z.object({
    persona: text('The persona\'s name or id; empty takes what follows the command ("/persona Pirate"), or the whole message.', { widget: 'text' }).default(''),
    greet: z.boolean().default(true).meta(hint('Say the persona\'s greeting after switching.', { widget: 'switch' })),
  }),
});
