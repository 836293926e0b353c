import { CAPABILITIES, type ChannelAdapter, type ChannelContext } from '@switchboard/channels';
import { describe, webClientOf } from './client.ts';
import { signingSecretOf, slackCredential, SlackConfig } from './config.ts';
import { listenOverSocket } from './listen.ts';
import { deleteMessage, downloadFile, updateText } from './messages.ts';
import { receiveDelivery } from './receive.ts';
import { sendReply } from './send.ts';

export { SlackConfig, slackCredential } from './config.ts';

/**
 * Slack, through the Events API (HTTP: events, slash commands and interactivity all POSTed to the
 * channel's webhook) or Socket Mode (the same payloads over a WebSocket the server opens).
 */
export const slackAdapter: ChannelAdapter<SlackConfig> = {
  type: 'slack',
  capabilities: CAPABILITIES.slack,
  config: SlackConfig,
  credentialType: slackCredential.type,
  connects: (config) => config.mode === 'socket',

  async identify(context) {
    try {
      const me = await webClientOf(context).auth.test();
      if (me.user_id === undefined) throw new Error('auth.test answered no user id: is this a bot token?');
      return { id: me.user_id, ...(me.user !== undefined ? { username: me.user } : {}) };
    } catch (error) {
      throw new Error(describe(error), { cause: error });
    }
  },

  /**
   * Nothing to register through the API (the request URL is set on the app's settings page); this
   * checks that the credential has what the mode needs, and says where Slack should send requests.
   */
  bind(context) {
    const problem = bindProblem(context);
    if (problem !== undefined) return Promise.reject(new Error(problem));
    if (context.config.mode === 'events') context.log.info(`Slack: set ${context.webhookUrl ?? ''} as the Request URL of Event Subscriptions, Interactivity and each slash command`);
    return Promise.resolve();
  },

  receive: receiveDelivery,

  listen: listenOverSocket,

  send: sendReply,

  edit: updateText,

  remove: deleteMessage,

  download: downloadFile,
};

function bindProblem(context: ChannelContext<SlackConfig>): string | undefined {
  if (context.config.mode === 'socket') {
    const token = context.secret.appToken;
    return token === undefined || token === '' ? 'Socket Mode needs an app-level token (xapp-…) with the connections:write scope in the channel\'s credential, or switch the channel to the Events API' : undefined;
  }
  if (signingSecretOf(context) === undefined) return 'the Events API needs the app\'s signing secret in the channel\'s credential, or switch the channel to Socket Mode';
  if (context.webhookUrl === undefined) return 'the Events API needs the public address of this server: set SWITCHBOARD_PUBLIC_URL, or use Socket Mode';
  return undefined;
}
