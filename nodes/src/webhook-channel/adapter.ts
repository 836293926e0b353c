import { CAPABILITIES, type ChannelAdapter } from '@switchboard/channels';
import { webhookCredential } from '../shared/credentials.ts';
import { secretOf, WebhookChannelConfig } from './config.ts';
import { receiveWebhook } from './receive.ts';
import { Recipients } from './recipients.ts';
import { sendWebhookReply } from './send.ts';

export { WebhookChannelConfig } from './config.ts';

/**
 * Any system that can POST JSON and take a POST back: messages come to the channel's webhook, each
 * reply goes to a callback URL. Flows take its messages with trigger.chat (every message is a direct
 * one, so the platform triggers' group rules would have nothing to decide).
 */
export function createWebhookChannelAdapter(recipients = new Recipients()): ChannelAdapter<WebhookChannelConfig> {
  return {
    type: 'webhook',
    capabilities: CAPABILITIES.webhook,
    config: WebhookChannelConfig,
    credentialType: webhookCredential.type,

    /** There is no platform to ask: this checks the secret is there and names the bot after the channel. */
    identify: (context) =>
      Promise.resolve().then(() => {
        secretOf(context);
        // A ":" never appears in a sender id (the conversation key forbids it), so no sender is taken for the bot.
        return { id: `switchboard:${context.channelId}` };
      }),

    /** Nothing to register: the other system is told the webhook URL by hand. This checks replies have somewhere to go. */
    bind(context) {
      if (context.config.callbackUrl === undefined && !context.config.allowMessageCallbackUrl) {
        return Promise.reject(new Error('replies have nowhere to go: give the channel a callback URL, or allow messages to name their own'));
      }
      context.log.info(`webhook: POST messages to ${context.webhookUrl ?? 'this channel\'s webhook path'}`);
      return Promise.resolve();
    },

    receive: (context, _bot, delivery) => receiveWebhook(context, recipients, delivery),

    send: (context, target, reply, signal) => sendWebhookReply(context, recipients, target, reply, signal),
  };
}

export const webhookChannelAdapter = createWebhookChannelAdapter();
