import { ErrorCode, LogLevel, WebClient, type Logger } from '@slack/web-api';
import type { ChannelContext } from '@switchboard/channels';
import { apiUrlOf, botTokenOf, type SlackConfig } from './config.ts';

/**
 * Few, short retries of our own: WebClient waits out a 429's Retry-After before each of them, and the
 * runtime retries a failed send later, so a send never hangs for the half hour WebClient's default allows.
 */
const RETRIES = { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 2000 };

/** The SDKs' logs, warnings and errors only, into the channel's log (nowhere, without one). */
export function sdkLogger(log?: ChannelContext<SlackConfig>['log']): Logger {
  let level = LogLevel.WARN;
  const line = (parts: unknown[]) => `Slack: ${parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' ')}`;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...parts: unknown[]) => { log?.warn(line(parts)); },
    error: (...parts: unknown[]) => { log?.warn(line(parts)); },
    setLevel: (next) => { level = next; },
    getLevel: () => level,
    setName: () => undefined,
  };
}

export function webClientOf(context: ChannelContext<SlackConfig>): WebClient {
  return new WebClient(botTokenOf(context), { slackApiUrl: apiUrlOf(context), retryConfig: RETRIES, logger: sdkLogger(context.log) });
}

/** What went wrong, in words for the channel's status line. */
export function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    if (error.code === ErrorCode.PlatformError && 'data' in error && typeof error.data === 'object' && error.data !== null && 'error' in error.data) {
      return `Slack answered ${String(error.data.error)}`;
    }
    if (error.code === ErrorCode.RequestError && 'original' in error) return `cannot reach Slack (${networkReason(error.original)})`;
    if (error.code === ErrorCode.HTTPError && 'statusCode' in error) return `Slack answered HTTP ${String(error.statusCode)}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** fetch() hides the reason (ECONNREFUSED, ENOTFOUND …) in its error's cause. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string') return cause.code;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
