import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';

export const webhookTriggerDefinition = defineNode({
  type: 'trigger.webhook',
  version: 1,
  kind: 'trigger',
  title: 'Webhook',
  description: 'Starts the flow for each call to the flow\'s webhook URL.',
  category: 'Triggers',
  icon: 'webhook',
  inputs: {},
  outputs: {
    body: { type: 'object', description: 'The JSON body of the call ({} when it had none).' },
    text: { type: 'text', description: 'The text the call carried, if any.' },
  },
  config: z.object({}),
  trigger: { events: ['webhook'] },
});
