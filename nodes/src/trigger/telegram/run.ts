import { implementChannelTrigger } from '../channel-trigger-run.ts';
import { telegramTriggerDefinition } from './definition.ts';

export const telegramTriggerNode = implementChannelTrigger(telegramTriggerDefinition);
