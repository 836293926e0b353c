import { CAPABILITIES, type ChannelAdapter } from '@switchboard/channels';
import { WebchatConfig } from './config.ts';

/**
 * The web chat: the hosted page and the widget talk to the server's own API, so there is no platform
 * to log in to (no credential), nothing to register and no connection to keep. A browser's request is
 * the delivery, and the answer to that request carries the turn's replies.
 */
export const webchatAdapter: ChannelAdapter<WebchatConfig> = {
  type: 'webchat',
  capabilities: CAPABILITIES.webchat,
  config: WebchatConfig,
  // Empty: this platform needs no secrets, and the host starts it without a credential.
  credentialType: '',
  identify: (context) => Promise.resolve({ id: `webchat:${context.channelId}`, username: context.config.title }),
  // The replies of a web chat turn are already in the HTTP answer of the message that started it, and
  // stored with the conversation, where the history endpoint reads them. There is no push connection to
  // a browser, so sending here would reach no one: a turn no message started (the end of a delay) shows
  // up when the page next reads the history.
  send: () => Promise.resolve([]),
};
