import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { text } from '../../shared/fields.ts';

export const replyDefinition = defineNode({
  type: 'conversation.reply',
  version: 1,
  kind: 'conversation',
  title: 'Reply',
  description: 'Sends a message to the conversation.',
  category: 'Conversation',
  icon: 'send',
  inputs: { in: { type: 'any', description: 'Sent as text when `text` is empty.' } },
  outputs: { out: { type: 'text', description: 'The text that was sent.' } },
  config: z.object({
    text: text('What to send, e.g. "Hi {{ vars.name }}"; empty sends the input.', { widget: 'textarea' }).default(''),
  }),
});
