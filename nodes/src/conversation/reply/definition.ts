import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { text } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';

const httpUrl = z.string().refine((value) => value === '' || /^https?:\/\/\S+$/i.test(value), 'an http(s) address, e.g. https://example.com/report.pdf');

export const replyDefinition = defineNode({
  type: 'conversation.reply',
  version: 1,
  kind: 'conversation',
  title: 'Reply',
  description: 'Sends a message to the conversation, with buttons and a file if the channel can show them.',
  category: 'Conversation',
  icon: 'send',
  inputs: { in: { type: 'any', description: 'Sent as text when `text` is empty.' } },
  outputs: { out: { type: 'text', description: 'The text that was sent.' } },
  config: z.object({
    text: text('What to send, in Markdown, e.g. "Hi **{{ vars.name }}**"; empty sends the input.', { widget: 'textarea' }).default(''),
    buttons: z
      .array(
        z.object({
          label: text('What the button says.', {}, z.string().min(1).max(64)),
          value: text('What pressing it sends back as the user\'s next message (empty: the label).', {}, z.string().max(64)).default(''),
        }),
      )
      .max(20)
      .default([])
      .meta(hint('Quick answers under the message (Telegram inline buttons, Slack buttons, web chat).', { widget: 'list' })),
    file: text('A file to send with the message: its http(s) address.', { advanced: true }, httpUrl).default(''),
    fileKind: z
      .enum(['image', 'file', 'audio', 'voice', 'video'])
      .default('file')
      .meta(hint('How the channel shows the file.', { widget: 'select', advanced: true })),
  }),
});
