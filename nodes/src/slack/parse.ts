import type { Attachment, AttachmentKind, BotIdentity, ChannelChat, InboundChannelMessage } from '@switchboard/channels';
import { BlockActions, EventCallback, SlashCommand, UserMessageEvent, type SlackFile } from './payloads.ts';
import { mentionsIn, plainText } from './text.ts';

/** Message subtypes that are still a person writing to the bot; edits, deletions, joins … are not. */
const WRITTEN = new Set(['file_share', 'thread_broadcast', 'me_message']);

/**
 * The chat a message is in. Direct messages are private; channels, private channels and group DMs
 * (mpim) are groups.
 */
function chatOf(channelId: string, channelType?: string | null): ChannelChat {
  const isDirect = channelType === 'im' || (channelType == null && channelId.startsWith('D'));
  return { id: channelId, kind: isDirect ? 'private' : 'group' };
}

/**
 * The thread a message belongs to. In groups a top-level message opens its own thread (its ts): the
 * bot answers there, so the question and its follow-ups share one conversation. In direct messages
 * only a real thread counts.
 */
function threadOf(chat: ChannelChat, ts: string, threadTs: string | null | undefined): string | undefined {
  if (chat.kind === 'group') return threadTs ?? ts;
  return threadTs != null && threadTs !== ts ? threadTs : undefined;
}

function sentAtOf(ts: string): string {
  const seconds = Number(ts);
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : new Date().toISOString();
}

/**
 * An Events API event as the normalized message, or undefined for events the bot does not answer
 * (its own and other bots' messages, edits, deletions, joins …). Slack sends a mention in a channel
 * the app also reads as both `app_mention` and `message`: both become the same message id (the ts),
 * so the runtime keeps one.
 */
export function eventMessage(event: unknown, bot: BotIdentity): InboundChannelMessage | undefined {
  const parsed = UserMessageEvent.safeParse(event);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  if (message.bot_id != null || message.user === bot.id) return undefined;
  if (message.subtype != null && !WRITTEN.has(message.subtype)) return undefined;
  const raw = message.text ?? '';
  const attachments = (message.files ?? []).map(attachmentOf);
  if (raw.trim() === '' && attachments.length === 0) return undefined;
  const chat = chatOf(message.channel, message.channel_type);
  const normalized: InboundChannelMessage = {
    platform: 'slack',
    messageId: message.ts,
    chat,
    sender: { id: message.user },
    text: plainText(raw),
    attachments,
    mentions: mentionsIn(raw, bot),
    sentAt: sentAtOf(message.ts),
  };
  const threadId = threadOf(chat, message.ts, message.thread_ts);
  if (threadId !== undefined) normalized.threadId = threadId;
  // Writing in a thread the bot started answers the bot; in other threads people mention it.
  if (message.thread_ts != null && message.thread_ts !== message.ts && message.parent_user_id === bot.id) {
    normalized.replyTo = { messageId: message.thread_ts, fromBot: true };
  }
  return normalized;
}

/** The event inside an event_callback envelope, as a message. */
export function eventCallbackMessage(body: unknown, bot: BotIdentity): InboundChannelMessage | undefined {
  const parsed = EventCallback.safeParse(body);
  return parsed.success ? eventMessage(parsed.data.event, bot) : undefined;
}

/** A slash command as a `/command args` message; its trigger id makes each use a message of its own. */
export function commandMessage(fields: unknown, now: number): InboundChannelMessage | undefined {
  const parsed = SlashCommand.safeParse(fields);
  if (!parsed.success) return undefined;
  const command: SlashCommand = parsed.data;
  const name = command.command.slice(1).toLowerCase();
  const args = command.text.trim();
  const isDirect = command.channel_id.startsWith('D') || command.channel_name === 'directmessage';
  return {
    platform: 'slack',
    messageId: `command:${command.trigger_id}`,
    chat: { id: command.channel_id, kind: isDirect ? 'private' : 'group' },
    sender: { id: command.user_id, ...(command.user_name !== undefined ? { username: command.user_name } : {}) },
    text: args === '' ? `/${name}` : `/${name} ${args}`,
    attachments: [],
    mentions: [],
    command: { name, args },
    sentAt: new Date(now).toISOString(),
  };
}

/**
 * Button clicks as messages whose text is the button's value. Clicking a button under the bot's
 * message answers the bot. Link buttons (no value) and clicks outside messages (modals) are not messages.
 */
export function actionMessages(payload: unknown, now: number): InboundChannelMessage[] {
  const parsed = BlockActions.safeParse(payload);
  if (!parsed.success) return [];
  const { user, container, channel, message, actions } = parsed.data;
  const channelId = container?.channel_id ?? channel?.id;
  const messageTs = container?.message_ts ?? message?.ts;
  if (channelId == null || messageTs == null) return [];
  const chat = chatOf(channelId, channel?.name === 'directmessage' ? 'im' : undefined);
  const threadId = threadOf(chat, messageTs, container?.thread_ts ?? message?.thread_ts);
  const name = user.name ?? user.username;
  return actions.flatMap((action) => {
    if (action.value == null) return [];
    const clicked: InboundChannelMessage = {
      platform: 'slack',
      messageId: `action:${messageTs}:${action.action_ts ?? String(now)}:${action.action_id}`,
      chat,
      sender: { id: user.id, ...(name != null ? { name } : {}), ...(user.username != null ? { username: user.username } : {}) },
      text: action.value,
      attachments: [],
      mentions: [],
      replyTo: { messageId: messageTs, fromBot: true, ...(message?.text != null ? { text: message.text } : {}) },
      sentAt: new Date(now).toISOString(),
    };
    if (threadId !== undefined) clicked.threadId = threadId;
    return [clicked];
  });
}

function attachmentOf(file: SlackFile): Attachment {
  const attachment: Attachment = { kind: kindOf(file), ref: file.id };
  if (file.name != null) attachment.name = file.name;
  if (file.mimetype != null) attachment.mimeType = file.mimetype;
  if (file.size != null) attachment.sizeBytes = file.size;
  if (file.duration_ms != null) attachment.durationSeconds = Math.round(file.duration_ms / 1000);
  return attachment;
}

function kindOf(file: SlackFile): AttachmentKind {
  // A clip recorded in Slack's composer is its voice message.
  if (file.subtype === 'slack_audio') return 'voice';
  const mime = file.mimetype ?? '';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  return 'file';
}
