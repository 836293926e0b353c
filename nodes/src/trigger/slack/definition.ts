import { channelTriggerDefinition } from '../channel-trigger.ts';

export const slackTriggerDefinition = channelTriggerDefinition({
  type: 'trigger.slack',
  platform: 'slack',
  title: 'Slack message',
  description: 'Starts the flow for messages to the Slack app of a channel bound to this flow: direct messages, slash commands, button clicks, and channel messages when addressed.',
  icon: 'hash',
});
