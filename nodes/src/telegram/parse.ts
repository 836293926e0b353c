import { parseCommand, type Attachment, type BotIdentity, type InboundChannelMessage, type Mention } from '@switchboard/channels';
import type { Message, MessageEntity, Update } from 'grammy/types';

/**
 * Turns a Telegram update into the normalized message, or undefined for updates a bot does not
 * answer (edits, channel posts, joins, reactions …). A button press becomes a message whose text
 * is the button's value.
 */
export function telegramMessage(update: Update, bot: BotIdentity): InboundChannelMessage | undefined {
  if (update.message) return fromMessage(update.message, bot);
  const press = update.callback_query;
  if (press?.data !== undefined && press.message) {
    const chat = press.message.chat;
    return {
      platform: 'telegram',
      messageId: `callback:${press.id}`,
      chat: { id: String(chat.id), kind: chat.type === 'private' ? 'private' : 'group', ...(chat.type === 'private' ? {} : { title: chat.title }) },
      sender: sender(press.from),
      text: press.data,
      attachments: [],
      mentions: [],
      // Pressing a button under the bot's message is answering the bot.
      replyTo: { messageId: String(press.message.message_id), fromBot: true },
      sentAt: new Date().toISOString(),
    };
  }
  return undefined;
}

function fromMessage(message: Message, bot: BotIdentity): InboundChannelMessage | undefined {
  const { chat } = message;
  if (chat.type === 'channel' || !message.from) return undefined;
  const text = message.text ?? message.caption ?? '';
  const entities = message.entities ?? message.caption_entities ?? [];
  const attachments = attachmentsOf(message);
  if (text === '' && attachments.length === 0) return undefined;
  const normalized: InboundChannelMessage = {
    platform: 'telegram',
    messageId: String(message.message_id),
    chat: { id: String(chat.id), kind: chat.type === 'private' ? 'private' : 'group', ...(chat.type !== 'private' ? { title: chat.title } : {}) },
    sender: sender(message.from),
    text,
    attachments,
    mentions: mentionsOf(text, entities, bot),
    sentAt: new Date(message.date * 1000).toISOString(),
  };
  const replied = message.reply_to_message;
  // In forum groups every message in a topic "replies" to the topic's first message: that is not a reply.
  if (replied && !(message.is_topic_message === true && replied.message_id === message.message_thread_id)) {
    normalized.replyTo = { messageId: String(replied.message_id), fromBot: String(replied.from?.id) === bot.id };
    const repliedText = replied.text ?? replied.caption;
    if (repliedText !== undefined) normalized.replyTo.text = repliedText;
  }
  if (message.is_topic_message === true && message.message_thread_id !== undefined) normalized.threadId = String(message.message_thread_id);
  const command = parseCommand(text, bot.username);
  if (command) normalized.command = command;
  return normalized;
}

function sender(user: { id: number; first_name: string; last_name?: string; username?: string; is_bot: boolean }): InboundChannelMessage['sender'] {
  const name = [user.first_name, user.last_name].filter((part) => part !== undefined && part !== '').join(' ');
  return { id: String(user.id), name, isBot: user.is_bot, ...(user.username !== undefined ? { username: user.username } : {}) };
}

/** Telegram measures entity offsets in UTF-16 units, as JavaScript strings do. */
function mentionsOf(text: string, entities: readonly MessageEntity[], bot: BotIdentity): Mention[] {
  const mentions: Mention[] = [];
  for (const entity of entities) {
    if (entity.type === 'mention') {
      const username = text.slice(entity.offset + 1, entity.offset + entity.length);
      mentions.push({ username, isBot: bot.username !== undefined && username.toLowerCase() === bot.username.toLowerCase() });
    } else if (entity.type === 'text_mention') {
      mentions.push({ userId: String(entity.user.id), isBot: String(entity.user.id) === bot.id });
    }
  }
  return mentions;
}

function attachmentsOf(message: Message): Attachment[] {
  const found: Attachment[] = [];
  // Telegram sends each photo in several sizes, smallest first: the largest is the one to read.
  const photo = message.photo?.at(-1);
  if (photo) found.push(withSize({ kind: 'image', ref: photo.file_id, mimeType: 'image/jpeg' }, photo.file_size));
  const { document, voice, audio, video } = message;
  if (document) found.push(withSize(named({ kind: 'file', ref: document.file_id }, document.file_name, document.mime_type), document.file_size));
  if (voice) found.push(withSize(named({ kind: 'voice', ref: voice.file_id, durationSeconds: voice.duration }, undefined, voice.mime_type), voice.file_size));
  if (audio) found.push(withSize(named({ kind: 'audio', ref: audio.file_id, durationSeconds: audio.duration }, audio.file_name, audio.mime_type), audio.file_size));
  if (video) found.push(withSize(named({ kind: 'video', ref: video.file_id, durationSeconds: video.duration }, video.file_name, video.mime_type), video.file_size));
  return found;
}

function named(attachment: Attachment, name: string | undefined, mimeType: string | undefined): Attachment {
  if (name !== undefined) attachment.name = name;
  if (mimeType !== undefined) attachment.mimeType = mimeType;
  return attachment;
}

function withSize(attachment: Attachment, size: number | undefined): Attachment {
  if (size !== undefined) attachment.sizeBytes = size;
  return attachment;
}
