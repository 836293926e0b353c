import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';

export const chatTriggerDefinition = defineNode({
  type: 'trigger.chat',
  version: 1,
  kind: 'trigger',
  title: 'Chat message',
  description: 'Starts the flow for each message sent through the chat API or the web chat widget.',
  category: 'Triggers',
  icon: 'message-circle',
  inputs: {},
  outputs: {
    message: { type: 'message', description: 'The whole message: text, sender, channel, extras.' },
    text: { type: 'text', description: 'What the user wrote.' },
  },
  config: z.object({}),
  trigger: { events: ['message'] },
});
