// Every node type's server half (run functions and their SDKs). Never import this from browser code.
import type { ChannelAdapter } from '@switchboard/channels';
import type { NodeImplementation } from '@switchboard/flow-schema';
import { askNode } from './conversation/ask/run.ts';
import { memoryNode } from './conversation/memory/run.ts';
import { replyNode } from './conversation/reply/run.ts';
import { conditionNode } from './logic/condition/run.ts';
import { delayNode } from './logic/delay/run.ts';
import { loopNode } from './logic/loop/run.ts';
import { mergeNode } from './logic/merge/run.ts';
import { setNode } from './logic/set/run.ts';
import { switchNode } from './logic/switch/run.ts';
import { templateNode } from './logic/template/run.ts';
import { chatModelNode } from './model/chat/run.ts';
import { agentNode } from './model/agent/run.ts';
import { personaNode } from './conversation/persona/run.ts';
import { transcribeNode } from './speech/transcribe/run.ts';
import { speakNode } from './speech/speak/run.ts';
import { chatTriggerNode } from './trigger/chat/run.ts';
import { slackTriggerNode } from './trigger/slack/run.ts';
import { telegramTriggerNode } from './trigger/telegram/run.ts';
import { webchatTriggerNode } from './trigger/webchat/run.ts';
import { webhookTriggerNode } from './trigger/webhook/run.ts';
import { respondNode } from './webhook/respond/run.ts';

export const nodeImplementations: readonly NodeImplementation[] = [
  chatTriggerNode,
  telegramTriggerNode,
  slackTriggerNode,
  webchatTriggerNode,
  webhookTriggerNode,
  respondNode,
  conditionNode,
  switchNode,
  setNode,
  templateNode,
  loopNode,
  mergeNode,
  delayNode,
  askNode,
  replyNode,
  memoryNode,
  personaNode,
  chatModelNode,
  agentNode,
  transcribeNode,
  speakNode,
];

const byKey = new Map(nodeImplementations.map((implementation) => [key(implementation.definition.type, implementation.definition.version), implementation]));

export function findImplementation(type: string, version: number): NodeImplementation | undefined {
  return byKey.get(key(type, version));
}

function key(type: string, version: number): string {
  return `${type}@${version}`;
}

import { slackAdapter } from './slack/adapter.ts';
import { telegramAdapter } from './telegram/adapter.ts';

export { webhookSecret as telegramWebhookSecret } from './telegram/adapter.ts';
import { webchatAdapter } from './webchat/adapter.ts';
import { webhookChannelAdapter } from './webhook-channel/adapter.ts';

/** Every platform this server can connect a channel to. */
export const channelAdapters: readonly ChannelAdapter[] = [telegramAdapter, slackAdapter, webchatAdapter, webhookChannelAdapter];
export { channelTriggerConfig, wakeRulesOf } from './trigger/channel-trigger.ts';
export { WebchatConfig } from './webchat/config.ts';
export { WebchatInput, webchatConversationKey, webchatMessage } from './webchat/message.ts';
export { checkModelTarget, type ModelCheck } from './shared/model/check.ts';
export { HTTP_RESPONSE_KEY } from './webhook/respond/run.ts';
