import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { anyValue } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';

export const OPERATORS = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'greater_than',
  'less_than',
  'is_empty',
  'is_not_empty',
  'is_true',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** Operators that look at `left` alone. */
export const UNARY_OPERATORS: readonly Operator[] = ['is_empty', 'is_not_empty', 'is_true'];

export const conditionDefinition = defineNode({
  type: 'logic.condition',
  version: 1,
  kind: 'logic',
  title: 'Condition',
  description: 'Compares two values and continues on `true` or on `false`.',
  category: 'Logic',
  icon: 'git-branch',
  inputs: { in: { type: 'any', description: 'Passed on to whichever branch fires.' } },
  outputs: {
    true: { type: 'any', description: 'The input (or the left value without one) when the condition holds.' },
    false: { type: 'any', description: 'The input (or the left value without one) when it does not.' },
  },
  config: z.object({
    left: anyValue('The value to test, e.g. {{ message.text }}.'),
    operator: z.enum(OPERATORS).default('equals').meta(hint('How to compare.', { widget: 'select' })),
    right: anyValue('The value to compare with.', {
      showWhen: { field: 'operator', in: OPERATORS.filter((operator) => !UNARY_OPERATORS.includes(operator)) },
    }),
    caseSensitive: z.boolean().default(false).meta(hint('Tell "Yes" from "yes" when comparing text.', { widget: 'switch', advanced: true })),
  }),
});
