import { implementNode } from '@switchboard/flow-schema';
import { templateDefinition } from './definition.ts';

// The engine renders the expressions before `run`; the schema turns a lone `{{ list }}` into text.
export const templateNode = implementNode(templateDefinition, (ctx) => ({ outputs: { text: ctx.config.template } }));
