import type { ChannelContext } from '@switchboard/channels';
import { z } from 'zod';
import { hint } from '../shared/ui.ts';

export const SlackConfig = z.object({
  /**
   * Socket Mode needs no public address (a laptop, a private network) but an app-level token; the
   * Events API needs this server reachable from Slack and the app's signing secret.
   */
  mode: z.enum(['events', 'socket']).default('socket'),
  /** Slack's Web API; another address for a local test server. */
  apiUrl: z.url({ protocol: /^https?$/ }).default('https://slack.com/api/'),
  /** Let replies attach files from loopback or private addresses (an intranet file server; tests). */
  allowPrivateFileUrls: z.boolean().default(false),
});
export type SlackConfig = z.output<typeof SlackConfig>;

/**
 * A Slack app's secrets. Which of the last two is needed depends on the channel's mode, which the
 * credential does not know: the adapter says so when one is missing.
 */
export const slackCredential = {
  type: 'slack',
  secrets: z.object({
    botToken: z
      .string()
      .trim()
      .regex(/^xoxb-[A-Za-z0-9-]+$/, 'a bot token starts with xoxb- (the app\'s "OAuth & Permissions" page, "Bot User OAuth Token")')
      .meta(hint('The Bot User OAuth Token (xoxb-…).', { widget: 'password' })),
    signingSecret: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{32}$/i, 'a signing secret is 32 hexadecimal characters (the app\'s "Basic Information" page, "App Credentials")')
      .optional()
      .meta(hint('Events API mode: the Signing Secret that proves a request comes from Slack.', { widget: 'password' })),
    appToken: z
      .string()
      .trim()
      .regex(/^xapp-[A-Za-z0-9-]+$/, 'an app-level token starts with xapp- (the app\'s "Basic Information" page, "App-Level Tokens", with the connections:write scope)')
      .optional()
      .meta(hint('Socket Mode: an app-level token (xapp-…) with the connections:write scope.', { widget: 'password' })),
  }),
} as const;

type Context = ChannelContext<SlackConfig>;

function secretOf(context: Context, name: 'botToken' | 'signingSecret' | 'appToken', missing: string): string {
  const value = context.secret[name];
  if (value === undefined || value === '') throw new Error(missing);
  return value;
}

export function botTokenOf(context: Context): string {
  return secretOf(context, 'botToken', 'this Slack channel has no bot token: choose a credential with the app\'s Bot User OAuth Token (xoxb-…)');
}

export function appTokenOf(context: Context): string {
  return secretOf(context, 'appToken', 'Socket Mode needs an app-level token (xapp-…) with the connections:write scope in the channel\'s credential, or switch the channel to the Events API');
}

/** The signing secret, or undefined: receiving refuses requests rather than throwing. */
export function signingSecretOf(context: Context): string | undefined {
  const value = context.secret.signingSecret;
  return value === undefined || value === '' ? undefined : value;
}

/** WebClient appends method names to the URL as they are, so it must end with a slash. */
export function apiUrlOf(context: Context): string {
  return context.config.apiUrl.endsWith('/') ? context.config.apiUrl : `${context.config.apiUrl}/`;
}
