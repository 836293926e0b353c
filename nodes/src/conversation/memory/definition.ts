import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { numeric, text } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';

export const MEMORY_MODES = ['read', 'append', 'clear'] as const;

export const memoryDefinition = defineNode({
  type: 'conversation.memory',
  version: 1,
  kind: 'conversation',
  title: 'Chat memory',
  description: 'Reads, adds to or clears the conversation\'s chat history, which model nodes use as context.',
  category: 'Conversation',
  icon: 'history',
  inputs: { in: { type: 'any', description: 'Passed on by append and clear; the text to append when `content` is empty.' } },
  outputs: {
    history: { type: 'list', description: 'read: the latest turns, oldest first, as { role, content }.' },
    out: { type: 'any', description: 'append and clear: the input, passed on.' },
  },
  config: z.object({
    mode: z.enum(MEMORY_MODES).default('read').meta(hint('What to do with the history.', { widget: 'select' })),
    limit: numeric(z.number().int().min(1).max(1000), 'How many of the latest turns to read.', { showWhen: { field: 'mode', in: ['read'] } }).default(20),
    role: z.enum(['user', 'assistant', 'system']).default('user').meta(hint('Who the appended turn is from.', { widget: 'select', showWhen: { field: 'mode', in: ['append'] } })),
    content: text('The turn to append; empty appends the input.', { widget: 'textarea', showWhen: { field: 'mode', in: ['append'] } }).default(''),
  }),
});
