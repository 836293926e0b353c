import { implementChannelTrigger } from '../channel-trigger-run.ts';
import { slackTriggerDefinition } from './definition.ts';

export const slackTriggerNode = implementChannelTrigger(slackTriggerDefinition);
