import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { identifier, numeric, text } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';

export const MAX_ASK_SECONDS = 90 * 24 * 60 * 60;

export const askDefinition = defineNode({
  type: 'conversation.ask',
  version: 1,
  kind: 'conversation',
  title: 'Ask',
  description: 'Sends a question and waits for the user\'s next message, which becomes the answer.',
  category: 'Conversation',
  icon: 'message-circle-question',
  inputs: { in: { type: 'any', description: 'Only orders this node after another.' } },
  outputs: {
    answer: { type: 'text', description: 'The text of the user\'s next message.' },
    timeout: { type: 'any', description: 'Fires instead of answer when no message came within the time-out.' },
  },
  config: z.object({
    prompt: text('The question to send; leave empty to just wait for the next message.', { widget: 'textarea' }).default(''),
    variable: identifier.optional().meta(hint('Also store the answer in this conversation variable.', { widget: 'text' })),
    timeoutSeconds: numeric(z.number().min(1).max(MAX_ASK_SECONDS), 'Stop waiting after this many seconds and continue from the timeout port; empty waits for ever.', { advanced: true }).optional(),
  }),
  suspends: true,
});
