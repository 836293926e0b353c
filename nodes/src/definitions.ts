// Every node type's browser-safe half, for the palette, the config forms and the compiler.
// Adding a node: its folder under src/<family>/<name>/, then one line here and one in server.ts.
import { createRegistry, type NodeDefinition } from '@switchboard/flow-schema';
import { askDefinition } from './conversation/ask/definition.ts';
import { memoryDefinition } from './conversation/memory/definition.ts';
import { replyDefinition } from './conversation/reply/definition.ts';
import { conditionDefinition } from './logic/condition/definition.ts';
import { delayDefinition } from './logic/delay/definition.ts';
import { loopDefinition } from './logic/loop/definition.ts';
import { mergeDefinition } from './logic/merge/definition.ts';
import { setDefinition } from './logic/set/definition.ts';
import { switchDefinition } from './logic/switch/definition.ts';
import { templateDefinition } from './logic/template/definition.ts';
import { chatModelDefinition } from './model/chat/definition.ts';
import { agentDefinition } from './model/agent/definition.ts';
import { personaDefinition } from './conversation/persona/definition.ts';
import { transcribeDefinition } from './speech/transcribe/definition.ts';
import { speakDefinition } from './speech/speak/definition.ts';
import { chatTriggerDefinition } from './trigger/chat/definition.ts';
import { slackTriggerDefinition } from './trigger/slack/definition.ts';
import { telegramTriggerDefinition } from './trigger/telegram/definition.ts';
import { webchatTriggerDefinition } from './trigger/webchat/definition.ts';
import { webhookTriggerDefinition } from './trigger/webhook/definition.ts';
import { respondDefinition } from './webhook/respond/definition.ts';

export const nodeDefinitions: readonly NodeDefinition[] = [
  chatTriggerDefinition,
  telegramTriggerDefinition,
  slackTriggerDefinition,
  webchatTriggerDefinition,
  webhookTriggerDefinition,
  respondDefinition,
  conditionDefinition,
  switchDefinition,
  setDefinition,
  templateDefinition,
  loopDefinition,
  mergeDefinition,
  delayDefinition,
  askDefinition,
  replyDefinition,
  memoryDefinition,
  personaDefinition,
  chatModelDefinition,
  agentDefinition,
  transcribeDefinition,
  speakDefinition,
];

export const nodeRegistry = createRegistry(nodeDefinitions);

export { credentialTypes, findCredentialType, type CredentialType } from './shared/credential-types.ts';
