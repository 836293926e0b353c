import { implementNode } from '@switchboard/flow-schema';
import { chatTriggerDefinition } from './definition.ts';

export const chatTriggerNode = implementNode(chatTriggerDefinition, (ctx) => ({
  outputs: { message: ctx.event, text: ctx.event.text },
}));
