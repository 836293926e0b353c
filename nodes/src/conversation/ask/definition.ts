import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { identifier, text } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';

export const askDefinition = defineNode({
  type: 'conversation.ask',
  version: 1,
  kind: 'conversation',
  title: 'Ask',
  description: 'Sends a question and waits for the user\'s next message, which becomes the answer.',
  category: 'Conversation',
  icon: 'message-circle-question',
  inputs: { in: { type: 'any', description: 'Only orders this node after another.' } },
  outputs: { answer: { type: 'text', description: 'The text of the user\'s next message.' } },
  config: z.object({
    prompt: text('The question to send; leave empty to just wait for the next message.', { widget: 'textarea' }).default(''),
    variable: identifier.optional().meta(hint('Also store the answer in this conversation variable.', { widget: 'text' })),
  }),
  suspends: true,
});
