import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { numeric, text } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';

export const respondDefinition = defineNode({
  type: 'webhook.respond',
  version: 1,
  kind: 'action',
  title: 'Respond to webhook',
  description: 'Answers the webhook call that started the run with this body and status, instead of the run\'s summary. The answer is stored with the conversation like a reply.',
  category: 'Conversation',
  icon: 'corner-down-left',
  inputs: { in: { type: 'any', description: 'Sent as the body when `body` is empty.' } },
  outputs: { out: { type: 'any', description: 'The body that was answered.' } },
  config: z.object({
    body: text('The body, usually JSON with expressions, e.g. {"reply": "You said: {{ vars.text }}"}; empty answers the input.', { widget: 'textarea' }).default(''),
    status: numeric(z.number().int().min(200).max(599), 'The HTTP status.', { advanced: true }).default(200),
    contentType: z.enum(['application/json', 'text/plain']).default('application/json').meta(hint('How the body is sent: JSON (the body must parse as JSON) or plain text.', { widget: 'select', advanced: true })),
  }),
});
