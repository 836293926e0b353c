import { implementNode } from '@switchboard/flow-schema';
import { renderText } from '../../shared/render.ts';
import { DEFAULT_PORT, switchDefinition } from './definition.ts';

export const switchNode = implementNode(switchDefinition, (ctx) => {
  const { value, cases } = ctx.config;
  const key = renderText(value);
  const port = cases.find((c) => c.equals === key)?.port ?? DEFAULT_PORT;
  return { outputs: { [port]: 'in' in ctx.inputs ? ctx.inputs.in : value } };
});
