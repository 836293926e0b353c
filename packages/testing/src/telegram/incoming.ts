import { randomBytes } from 'node:crypto';
import { detectEntities } from './entities.ts';
import { mediaContent } from './media-content.ts';
import type { Store } from './store.ts';
import type { ButtonPress, Message, MessageEntity, Update, UserMessageInput } from './types.ts';

/** The message a user sends, as Telegram would put it in an Update. Throws on impossible test input. */
export function userMessage(store: Store, input: UserMessageInput): Message & Update.NonChannel {
  const chat = store.chats.get(input.chat.id);
  if (chat === undefined || chat.type === 'channel') throw new Error(`userSends: chat ${input.chat.id} was not created on this server`);
  const from = input.from ?? (chat.type === 'private' ? store.users.get(chat.id) : undefined);
  if (from === undefined) throw new Error('userSends: `from` is required outside private chats');
  if (chat.type !== 'private') store.members.get(chat.id)?.add(from.id);

  const replyTo = typeof input.replyTo === 'number' ? store.message(chat.id, input.replyTo) : input.replyTo;
  if (input.replyTo !== undefined && replyTo === undefined) throw new Error(`userSends: no message ${typeof input.replyTo === 'number' ? input.replyTo : input.replyTo.message_id} in chat ${chat.id}`);
  const current = replyTo === undefined ? undefined : (store.message(chat.id, replyTo.message_id) ?? replyTo);

  const content = attachment(store, input);
  const text = content === undefined ? input.text : undefined;
  const caption = content === undefined ? undefined : (input.caption ?? input.text);
  if (text === undefined && content === undefined) throw new Error('userSends: give text, photo, document or voice');

  const message: Message & Update.NonChannel = {
    message_id: store.nextMessageId(chat.id),
    date: Math.floor(Date.now() / 1000),
    ...(input.messageThreadId === undefined ? {} : { message_thread_id: input.messageThreadId, is_topic_message: true }),
    ...(current === undefined ? {} : { reply_to_message: { ...current, reply_to_message: undefined } }),
    ...(text === undefined ? {} : { text, ...withEntities('entities', input.entities ?? detectEntities(text)) }),
    ...content,
    ...(caption === undefined ? {} : { caption, ...withEntities('caption_entities', input.entities ?? detectEntities(caption)) }),
    from,
    chat,
  };
  store.saveMessage(message);
  return message;
}

function withEntities(field: 'entities' | 'caption_entities', entities: MessageEntity[]): Partial<Message> {
  return entities.length === 0 ? {} : { [field]: entities };
}

function attachment(store: Store, input: UserMessageInput): Partial<Message> | undefined {
  if (input.photo !== undefined) {
    const file = store.addFile('photos', input.photo.bytes, input.photo.name, input.photo.mime ?? 'image/jpeg');
    return mediaContent('photo', file, input.photo);
  }
  if (input.document !== undefined) {
    const file = store.addFile('documents', input.document.bytes, input.document.name ?? 'file.dat', input.document.mime ?? 'application/octet-stream');
    return mediaContent('document', file, {});
  }
  if (input.voice !== undefined) {
    const file = store.addFile('voice', input.voice.bytes, input.voice.name, input.voice.mime ?? 'audio/ogg');
    return mediaContent('voice', file, input.voice);
  }
  return undefined;
}

/**
 * Privacy mode: in groups a bot sees only commands, messages mentioning it, and replies to its own
 * messages (and everything in private chats).
 */
export function botSees(store: Store, message: Message, canReadAll: boolean): boolean {
  if (message.chat.type === 'private' || canReadAll) return true;
  if (message.reply_to_message?.from?.id === store.bot.id) return true;
  const text = message.text ?? message.caption ?? '';
  const entities = message.entities ?? message.caption_entities ?? [];
  const mention = `@${store.bot.username}`.toLowerCase();
  return entities.some((entity) => {
    const part = text.slice(entity.offset, entity.offset + entity.length).toLowerCase();
    if (entity.type === 'mention') return part === mention;
    if (entity.type === 'text_mention') return entity.user.id === store.bot.id;
    if (entity.type === 'bot_command') return !part.includes('@') || part.endsWith(mention);
    return false;
  });
}

/** The callback_query Telegram sends when `from` presses a button of the bot's message. */
export function buttonPress(store: Store, press: ButtonPress, updateId: number): Update {
  const message = store.message(press.message.chat.id, press.message.message_id);
  if (message === undefined) throw new Error(`pressButton: message ${press.message.message_id} is gone from chat ${press.message.chat.id}`);
  const buttons = message.reply_markup?.inline_keyboard.flat() ?? [];
  if (!buttons.some((button) => 'callback_data' in button && button.callback_data === press.data)) {
    throw new Error(`pressButton: message ${message.message_id} has no button with callback_data ${JSON.stringify(press.data)}`);
  }
  const id = randomBytes(8).readBigUInt64BE().toString();
  store.callbackQueries.set(id, false);
  return {
    update_id: updateId,
    callback_query: { id, from: press.from, message, chat_instance: chatInstance(message.chat.id), data: press.data },
  };
}

/** Stable per chat, like Telegram's opaque chat_instance. */
function chatInstance(chatId: number): string {
  return String(BigInt.asIntN(64, BigInt(chatId) * 2654435761n + 1234567n));
}
