// What the form asks for each platform's channel config. The server checks the config against the
// adapters' schemas (nodes/src/telegram/adapter.ts TelegramConfig, nodes/src/slack/config.ts SlackConfig);
// those live beside server-only code, so their modes and defaults are repeated here for the browser.

export interface ConnectionMode {
  value: string;
  label: string;
  /** The platform posts to this server's webhook: it needs a public address, and the page shows the URL. */
  webhook: boolean;
  help: string;
}

export interface Platform {
  label: string;
  modes: readonly ConnectionMode[];
  /** The config key of the platform's API address, and its official default. */
  apiKey: string;
  apiLabel: string;
  apiDefault: string;
  /** What to do with the webhook URL. */
  webhookHelp: string;
}

const PLATFORMS: Readonly<Record<string, Platform>> = {
  telegram: {
    label: 'Telegram',
    modes: [
      { value: 'polling', label: 'Polling', webhook: false, help: 'The server asks Telegram for new messages. Needs no public address: works on a laptop.' },
      { value: 'webhook', label: 'Webhook', webhook: true, help: 'Telegram posts each message to this server, which must be reachable from the internet over HTTPS.' },
    ],
    apiKey: 'apiRoot',
    apiLabel: 'Bot API server',
    apiDefault: 'https://api.telegram.org',
    webhookHelp: 'Switchboard registers this address with Telegram itself when the channel starts; it must be the address Telegram can reach.',
  },
  slack: {
    label: 'Slack',
    modes: [
      { value: 'socket', label: 'Socket Mode', webhook: false, help: 'The server keeps a connection open to Slack. Needs no public address, but an app-level token (xapp-…) in the credential.' },
      { value: 'events', label: 'Events API', webhook: true, help: 'Slack posts events to this server, which must be reachable from the internet. Needs the signing secret in the credential.' },
    ],
    apiKey: 'apiUrl',
    apiLabel: 'Web API address',
    apiDefault: 'https://slack.com/api/',
    webhookHelp: 'In the Slack app settings, paste it as the Request URL of Event Subscriptions, of Interactivity, and of each slash command.',
  },
};

/** The form's knowledge of a type, or undefined for a type this page does not know (it then sends the config as it was). */
export function platformOf(type: string): Platform | undefined {
  return PLATFORMS[type];
}

/** Names of the platforms the page shows without a form of their own. */
const LABELS: Readonly<Record<string, string>> = { webchat: 'Web chat', webhook: 'Webhook' };

export function platformLabel(type: string): string {
  return platformOf(type)?.label ?? LABELS[type] ?? type;
}

/** The editable settings of a config: its mode and API address, with the defaults for what it lacks. */
export interface Settings {
  mode: string;
  apiUrl: string;
}

export function settingsOf(type: string, config: Readonly<Record<string, unknown>>): Settings {
  const platform = platformOf(type);
  if (!platform) return { mode: '', apiUrl: '' };
  const mode = config.mode;
  const apiUrl = config[platform.apiKey];
  return {
    mode: typeof mode === 'string' ? mode : (platform.modes[0]?.value ?? ''),
    apiUrl: typeof apiUrl === 'string' ? apiUrl : platform.apiDefault,
  };
}

/** The config to send: the previous one (keys this page does not edit survive) with the settings applied. */
export function configOf(type: string, settings: Settings, previous: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const platform = platformOf(type);
  if (!platform) return { ...previous };
  const apiUrl = settings.apiUrl.trim();
  return { ...previous, mode: settings.mode, [platform.apiKey]: apiUrl === '' ? platform.apiDefault : apiUrl };
}

export function isWebhookMode(type: string, config: Readonly<Record<string, unknown>>): boolean {
  const { mode } = settingsOf(type, config);
  return platformOf(type)?.modes.some((candidate) => candidate.value === mode && candidate.webhook) ?? false;
}

export type ParsedConfig = { ok: true; config: Record<string, unknown> } | { ok: false; message: string };

/** A config typed as JSON, for the platforms this page has no form for; the server checks its fields. */
export function parseConfigText(text: string): ParsedConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (error) {
    return { ok: false, message: `the settings are not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, message: 'the settings must be a JSON object, like {"key": "value"}' };
  return { ok: true, config: Object.fromEntries(Object.entries(parsed)) };
}
