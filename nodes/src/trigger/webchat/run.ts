import { implementChannelTrigger } from '../channel-trigger-run.ts';
import { webchatTriggerDefinition } from './definition.ts';

export const webchatTriggerNode = implementChannelTrigger(webchatTriggerDefinition);
