import { implementNode } from '@switchboard/flow-schema';
import { passThrough } from '../../shared/pass-through.ts';
import { delayDefinition } from './definition.ts';

export const delayNode = implementNode(delayDefinition, (ctx) => {
  // The engine runs the node again when the timer fires; waiting here would hold a worker for days.
  if (ctx.resumed) return { outputs: { out: passThrough(ctx.inputs) } };
  return { suspend: { kind: 'delay', until: Date.now() + Math.ceil(ctx.config.seconds * 1000) } };
});
