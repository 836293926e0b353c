import { channelTriggerDefinition } from '../channel-trigger.ts';

export const webchatTriggerDefinition = channelTriggerDefinition({
  type: 'trigger.webchat',
  platform: 'webchat',
  title: 'Web chat message',
  description: 'Starts the flow for messages from the hosted chat page or the website widget of a web chat channel bound to this flow. Each visitor has a private conversation.',
  icon: 'globe',
});
