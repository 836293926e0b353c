import type { OutboundMessage } from '@switchboard/flow-schema';
import { z } from 'zod';
import type { ChannelCapabilities } from './capabilities.ts';
import type { Attachment, AttachmentKind, InboundChannelMessage } from './message.ts';
import type { BotIdentity } from './wake.ts';

/**
 * What a reply's `data` may carry for a channel to render: files and buttons. Anything else in `data`
 * is left for API clients; a channel that cannot show a part says so in the delivery's record.
 */
export const OutboundExtras = z.object({
  attachments: z
    .array(
      z.object({
        kind: z.enum(['image', 'file', 'audio', 'voice', 'video'] satisfies [AttachmentKind, ...AttachmentKind[]]),
        /** Where to fetch it (http/https), or the bytes in base64. */
        url: z.url({ protocol: /^https?$/ }).optional(),
        base64: z.base64().optional(),
        name: z.string().max(255).optional(),
        mimeType: z.string().max(255).optional(),
      }).refine((file) => (file.url === undefined) !== (file.base64 === undefined), 'give an attachment either a url or base64 bytes'),
    )
    .max(10)
    .default([]),
  /** Buttons under the reply: a button with `value` sends it back as the user's next message. */
  buttons: z
    .array(z.object({ label: z.string().min(1).max(64), value: z.string().min(1).max(64).optional(), url: z.url().optional() }))
    .max(20)
    .default([]),
});
export type OutboundExtras = z.output<typeof OutboundExtras>;

/** Reads a reply's renderable extras; a `data` that is not shaped like them carries none. */
export function outboundExtras(message: OutboundMessage): OutboundExtras {
  const parsed = OutboundExtras.safeParse(message.data ?? {});
  return parsed.success ? parsed.data : { attachments: [], buttons: [] };
}

/** Where a reply goes: the chat of the message that started the turn, its thread, and that message. */
export interface ReplyTarget {
  chatId: string;
  chatKind: 'private' | 'group';
  threadId?: string;
  /** The message being answered, so group replies quote it. */
  replyToMessageId?: string;
}

/** A platform message a reply became, so it can be edited or deleted later. */
export interface SentMessage {
  messageId: string;
}

/** A file's bytes fetched from the platform, with what the platform says it is. */
export interface DownloadedFile {
  bytes: Uint8Array;
  name?: string;
  mimeType?: string;
}

/** An HTTP delivery from a platform, as the web server received it. */
export interface HttpDelivery {
  headers: Readonly<Record<string, string | undefined>>;
  /** The exact bytes, for signatures. */
  rawBody: string;
  /** The time it arrived (ms since the epoch), for timestamp checks. */
  receivedAt: number;
}

export type IngressResult =
  /** Refused: forged, stale, or not for this channel. Nothing is recorded. */
  | { kind: 'refuse'; status: 400 | 401 | 403; reason: string }
  /** A protocol answer with nothing to run (Slack's URL verification, pings, updates we ignore). */
  | { kind: 'answer'; status: number; body: unknown }
  /** Messages for the flow, in order; `answer` is what the platform gets once they are recorded. */
  | { kind: 'messages'; messages: InboundChannelMessage[]; answer?: { status: number; body: unknown } };

/** Per-channel facts an adapter works with; secrets are already decrypted. */
export interface ChannelContext<Config> {
  channelId: string;
  config: Config;
  secret: Readonly<Record<string, string>>;
  /** Where the platform reaches this channel's webhook, when the server knows its public address. */
  webhookUrl?: string;
  log: { info(message: string): void; warn(message: string): void };
}

export interface ListenHandlers {
  /** Records messages; resolves once they are safe, so the platform cursor may move past them. */
  deliver(messages: InboundChannelMessage[]): Promise<void>;
  /** The connection is up (again). */
  connected(): void;
  /** The connection failed; the adapter retries on its own and calls `connected` when back. */
  disconnected(error: string): void;
}

/**
 * One platform. The runtime owns storage, de-duplication, wake rules and retries; an adapter only
 * speaks the platform's protocol.
 */
export interface ChannelAdapter<Config = unknown> {
  type: string;
  capabilities: ChannelCapabilities;
  config: z.ZodType<Config>;
  /** The credential type holding its secrets (e.g. a bot token). */
  credentialType: string;
  /** Checks the credentials and says who the bot is (the "test connection" button). */
  identify(context: ChannelContext<Config>): Promise<BotIdentity>;
  /** Webhook mode: registers the webhook with the platform, when it needs registering. */
  bind?(context: ChannelContext<Config>): Promise<void>;
  /** Webhook mode: verifies and parses one delivery. Never throws for bad input: refuses it. */
  receive?(context: ChannelContext<Config>, bot: BotIdentity, delivery: HttpDelivery): IngressResult | Promise<IngressResult>;
  /** True when this config receives through a connection (`listen`) rather than webhook deliveries. */
  connects?(config: Config): boolean;
  /** Connection mode (long polling, sockets): runs until `signal` aborts, reconnecting on its own. */
  listen?(context: ChannelContext<Config>, bot: BotIdentity, handlers: ListenHandlers, signal: AbortSignal): Promise<void>;
  /** Sends one reply (split, formatted, with its files and buttons); returns the messages it became. */
  send(context: ChannelContext<Config>, target: ReplyTarget, reply: OutboundMessage, signal?: AbortSignal): Promise<SentMessage[]>;
  /**
   * Replaces the text of a message `send` returned (a streamed answer growing in place). `text` is
   * Markdown, rendered as `send` renders it, and must fit in one message. An edit that changes nothing
   * is not an error.
   */
  edit?(context: ChannelContext<Config>, target: ReplyTarget, sent: SentMessage, text: string, signal?: AbortSignal): Promise<void>;
  /** Removes a message `send` returned (a draft the final reply could not replace). */
  remove?(context: ChannelContext<Config>, target: ReplyTarget, sent: SentMessage, signal?: AbortSignal): Promise<void>;
  /** Fetches the bytes of a file that came with a message (an `Attachment`'s `ref`). */
  download?(context: ChannelContext<Config>, attachment: Attachment, signal?: AbortSignal): Promise<DownloadedFile>;
  /** Shows "typing…" while a turn runs, where the platform has it. */
  typing?(context: ChannelContext<Config>, target: ReplyTarget): Promise<void>;
}
