import { implementNode } from '@switchboard/flow-schema';
import { webhookTriggerDefinition } from './definition.ts';

export const webhookTriggerNode = implementNode(webhookTriggerDefinition, (ctx) => ({
  // Downstream expressions read `body.field`: an empty call still gives them an object.
  outputs: { body: ctx.event.payload ?? {}, text: ctx.event.text },
}));
