import { implementNode } from '@switchboard/flow-schema';
import { passThrough } from '../../shared/pass-through.ts';
import { setDefinition } from './definition.ts';

export const setNode = implementNode(setDefinition, (ctx) => {
  for (const { name, value } of ctx.config.assignments) ctx.setVar(name, value);
  return { outputs: { out: passThrough(ctx.inputs) } };
});
