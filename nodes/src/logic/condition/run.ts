import { implementNode } from '@switchboard/flow-schema';
import { compare } from './compare.ts';
import { conditionDefinition } from './definition.ts';

export const conditionNode = implementNode(conditionDefinition, (ctx) => {
  const { left, operator, right, caseSensitive } = ctx.config;
  const value = 'in' in ctx.inputs ? ctx.inputs.in : left;
  // Only one port is present, so the other branch is dead.
  return { outputs: { [compare(operator, left, right, caseSensitive) ? 'true' : 'false']: value } };
});
