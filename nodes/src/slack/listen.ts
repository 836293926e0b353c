import { setTimeout as sleep } from 'node:timers/promises';
import { SocketModeClient } from '@slack/socket-mode';
import type { BotIdentity, ChannelContext, InboundChannelMessage, ListenHandlers } from '@switchboard/channels';
import { z } from 'zod';
import { describe, sdkLogger } from './client.ts';
import { apiUrlOf, appTokenOf, type SlackConfig } from './config.ts';
import { actionMessages, commandMessage, eventCallbackMessage } from './parse.ts';

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A connection closed sooner than this is a short one; several in a row are an outage, not a refresh. */
const SHORT_SESSION_MS = 10_000;
const SHORT_SESSIONS_TOLERATED = 3;

/** What SocketModeClient emits as `slack_event` for every envelope. */
const Envelope = z.object({
  type: z.string(),
  body: z.unknown(),
  ack: z.custom<(response?: Record<string, unknown>) => Promise<void>>((value) => typeof value === 'function', 'an envelope without ack'),
});
type Envelope = z.output<typeof Envelope>;

/** The messages an envelope carries: events, slash commands and button clicks travel the same socket. */
export function envelopeMessages(type: string, body: unknown, bot: BotIdentity, now: number): InboundChannelMessage[] {
  switch (type) {
    case 'events_api': {
      const message = eventCallbackMessage(body, bot);
      return message === undefined ? [] : [message];
    }
    case 'slash_commands': {
      const message = commandMessage(body, now);
      return message === undefined ? [] : [message];
    }
    case 'interactive':
      return actionMessages(body, now);
    default:
      return [];
  }
}

/**
 * Socket Mode: one connection at a time, each envelope acknowledged only once its messages are
 * recorded (an unacknowledged event is sent again; the runtime drops the copy). The SDK's own
 * reconnecting is off: this loop reconnects, with a backoff, so that it reports each outage once and
 * stops for good when `signal` aborts.
 */
export async function listenOverSocket(context: ChannelContext<SlackConfig>, bot: BotIdentity, handlers: ListenHandlers, signal: AbortSignal): Promise<void> {
  const appToken = appTokenOf(context);
  let up = false;
  let backoffMs = FIRST_BACKOFF_MS;
  let shortSessions = 0;
  while (!signal.aborted) {
    const session = await connection(context, appToken, bot, handlers, signal, () => {
      backoffMs = FIRST_BACKOFF_MS;
      if (up) return;
      up = true;
      handlers.connected();
    });
    if (aborted(signal)) break;
    if (session.wasUp) {
      shortSessions = session.lastedMs < SHORT_SESSION_MS ? shortSessions + 1 : 0;
      // Slack closes connections routinely (refresh_requested): straight back, and an outage only if that
      // fails, or if connections keep closing as soon as they open.
      if (shortSessions < SHORT_SESSIONS_TOLERATED) continue;
    }
    shortSessions = 0;
    up = false;
    handlers.disconnected(session.wasUp ? 'Slack keeps closing the Socket Mode connection (is Socket Mode turned off in the app\'s settings?)' : session.reason);
    await sleep(backoffMs, undefined, { signal }).catch(() => undefined);
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
  }
}

/** Read through a call, so the compiler does not take the loop's earlier check for the current state. */
function aborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** One connection, from apps.connections.open until it closes or `signal` aborts. */
async function connection(
  context: ChannelContext<SlackConfig>,
  appToken: string,
  bot: BotIdentity,
  handlers: ListenHandlers,
  signal: AbortSignal,
  onUp: () => void,
): Promise<{ wasUp: true; lastedMs: number } | { wasUp: false; reason: string }> {
  const client = new SocketModeClient({
    appToken,
    autoReconnectEnabled: false,
    // Silent: the loop reports outages through the handlers, once each, instead of a log line per attempt.
    logger: sdkLogger(),
    // Failures come back at once: the loop above does the waiting.
    clientOptions: { slackApiUrl: apiUrlOf(context), retryConfig: { retries: 0 } },
  });
  let lastError: unknown;
  let handled = Promise.resolve();
  client.on('error', (error: unknown) => { lastError = error; });
  client.on('slack_event', (raw: unknown) => {
    const envelope = Envelope.safeParse(raw);
    if (!envelope.success) return;
    // One at a time, in order, so messages are recorded in the order Slack sent them.
    handled = handled.then(() => handle(envelope.data));
  });
  const handle = async (envelope: Envelope): Promise<void> => {
    try {
      const messages = envelopeMessages(envelope.type, envelope.body, bot, Date.now());
      if (messages.length > 0) await handlers.deliver(messages);
      await envelope.ack();
    } catch (error) {
      // Not acknowledged: Slack sends an event again.
      context.log.warn(`Slack: an envelope was not acknowledged: ${describe(error)}`);
    }
  };
  const closed = new Promise<void>((resolve) => {
    client.on('disconnected', () => { resolve(); });
  });
  const stop = () => { void client.disconnect(); };
  signal.addEventListener('abort', stop, { once: true });
  try {
    try {
      await client.start();
    } catch (error) {
      return { wasUp: false, reason: describe(error ?? lastError ?? 'the Socket Mode connection failed') };
    }
    // An abort while apps.connections.open was answering does not stop the connection that follows it.
    if (signal.aborted) await client.disconnect();
    else onUp();
    const upAt = Date.now();
    await closed;
    await handled;
    return { wasUp: true, lastedMs: Date.now() - upAt };
  } finally {
    signal.removeEventListener('abort', stop);
    client.removeAllListeners();
  }
}
