import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { anyValue, identifier } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';

const assignment = z.object({
  name: identifier.meta(hint('Variable name; later nodes read it as {{ vars.name }}.', { widget: 'text' })),
  value: anyValue('The value to store, e.g. {{ message.text }}; lists and objects are kept as they are.'),
});

export const setDefinition = defineNode({
  type: 'logic.set',
  version: 1,
  kind: 'logic',
  title: 'Set variables',
  description: 'Stores values in conversation variables, which last across the messages of a conversation.',
  category: 'Logic',
  icon: 'variable',
  inputs: { in: { type: 'any', description: 'Passed on unchanged.' } },
  outputs: { out: { type: 'any', description: 'The input, once the variables are set.' } },
  config: z.object({
    assignments: z.array(assignment).min(1).max(50).meta(hint('Set in order; a later one sees the earlier ones.', { widget: 'list' })),
  }),
});
