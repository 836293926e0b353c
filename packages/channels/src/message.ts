/**
 * The normalized message model: what every platform adapter turns its updates into, and what the
 * wake rules, the triggers and the console see. Platform quirks stop at the adapter.
 */

/** Private: one person and the bot. Group: anything with more people (groups, channels, threads). */
export type ChatKind = 'private' | 'group';

export interface ChannelUser {
  /** The platform's stable id for the person (Telegram user id, Slack user id …). */
  id: string;
  /** A display name, when the platform gives one. */
  name?: string;
  /** The handle people mention (`@alice`), without the `@`. */
  username?: string;
  isBot?: boolean;
}

export interface ChannelChat {
  id: string;
  kind: ChatKind;
  title?: string;
}

export type AttachmentKind = 'image' | 'file' | 'audio' | 'voice' | 'video';

/** A file that came with a message. Its bytes stay on the platform until a node asks for them. */
export interface Attachment {
  kind: AttachmentKind;
  /** The platform's reference to fetch the bytes with (a Telegram file_id, a Slack file id …). */
  ref: string;
  name?: string;
  mimeType?: string;
  sizeBytes?: number;
  /** Seconds, for audio, voice and video. */
  durationSeconds?: number;
}

export interface Mention {
  userId?: string;
  username?: string;
  /** The mention names this bot. */
  isBot: boolean;
}

/** A `/command args` message. `name` is lower-case and without the slash or a `@botname` suffix. */
export interface Command {
  name: string;
  args: string;
}

export interface InboundChannelMessage {
  /** `telegram`, `slack`, `webchat`, `webhook` … */
  platform: string;
  /** The platform's id of this message, unique within its chat: redeliveries carry the same id. */
  messageId: string;
  chat: ChannelChat;
  sender: ChannelUser;
  /** What the person wrote, as plain text (a caption for media). Mentions of the bot are left in. */
  text: string;
  attachments: Attachment[];
  mentions: Mention[];
  /** The message is an answer to one of the bot's own messages. */
  replyTo?: { messageId: string; fromBot: boolean; text?: string };
  /** The thread the message belongs to (a Slack thread, a Telegram forum topic). */
  threadId?: string;
  command?: Command;
  /** ISO-8601 time the platform says the message was sent. */
  sentAt: string;
}

/**
 * The conversation a message belongs to, within one channel: a chat, or a thread inside a group chat
 * (so each Slack thread has its own memory). Private chats ignore threads. The key also says where
 * replies go, so a turn that no message started (a delay, a time-out) can still answer.
 */
export function conversationKey(channelId: string, message: Pick<InboundChannelMessage, 'chat' | 'threadId'>): string {
  const base = `${channelId}:${message.chat.kind === 'private' ? 'p' : 'g'}:${message.chat.id}`;
  return message.chat.kind === 'group' && message.threadId !== undefined ? `${base}:${message.threadId}` : base;
}

export interface ConversationAddress {
  channelId: string;
  chatKind: ChatKind;
  chatId: string;
  threadId?: string;
}

/** Reads a key made by `conversationKey`; undefined for any other conversation id. */
export function parseConversationKey(key: string): ConversationAddress | undefined {
  const match = /^([^:]+):([pg]):([^:]+)(?::(.+))?$/.exec(key);
  if (!match) return undefined;
  const [, channelId = '', kind, chatId = '', threadId] = match;
  const address: ConversationAddress = { channelId, chatKind: kind === 'p' ? 'private' : 'group', chatId };
  if (threadId !== undefined) address.threadId = threadId;
  return address;
}

/** The id used to drop redeliveries: a message id is only unique within its chat. */
export function deliveryKey(message: Pick<InboundChannelMessage, 'chat' | 'messageId'>): string {
  return `${message.chat.id}:${message.messageId}`;
}

const COMMAND = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+([\s\S]*))?$/;

/**
 * Reads a `/command@bot args` message. A command addressed to another bot (`/start@otherbot`) is not
 * a command for this one; `botUsername` undefined accepts any suffix.
 */
export function parseCommand(text: string, botUsername?: string): Command | undefined {
  const match = COMMAND.exec(text.trim());
  if (!match) return undefined;
  const [, name = '', addressee, args = ''] = match;
  if (addressee !== undefined && botUsername !== undefined && addressee.toLowerCase() !== botUsername.toLowerCase()) return undefined;
  return { name: name.toLowerCase(), args: args.trim() };
}
