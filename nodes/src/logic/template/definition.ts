import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { text } from '../../shared/fields.ts';

export const templateDefinition = defineNode({
  type: 'logic.template',
  version: 1,
  kind: 'logic',
  title: 'Text template',
  description: 'Builds text from a template such as "Hello {{ message.text | upper }}".',
  category: 'Logic',
  icon: 'file-text',
  inputs: { in: { type: 'any', description: 'Only orders this node after another; read values with expressions.' } },
  outputs: { text: { type: 'text' } },
  config: z.object({
    template: text('The text, with {{ }} expressions.', { widget: 'textarea' }),
  }),
});
