import { channelTriggerDefinition } from '../channel-trigger.ts';

export const telegramTriggerDefinition = channelTriggerDefinition({
  type: 'trigger.telegram',
  platform: 'telegram',
  title: 'Telegram message',
  description: 'Starts the flow for messages to the Telegram bot of a channel bound to this flow: private chats, and groups when addressed.',
  icon: 'send',
});
