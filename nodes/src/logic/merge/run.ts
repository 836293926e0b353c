import { implementNode } from '@switchboard/flow-schema';
import { mergeDefinition } from './definition.ts';

export const mergeNode = implementNode(mergeDefinition, (ctx) => {
  const value = ctx.inputs.in;
  const all: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  // The engine skips a node whose inputs are all dead, so `all` is empty only when run by hand: then
  // there is no first value, and `out` stays dead rather than firing a made-up one.
  return { outputs: all.length > 0 ? { out: all[0], all } : { all } };
});
