import { z } from 'zod';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { ApiContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import { formatText } from '../formatting.ts';
import type { Params } from '../params.ts';
import type { Message, MessageEntity } from '../types.ts';

const replyParameters = z.looseObject({
  message_id: z.number().int(),
  chat_id: z.union([z.number(), z.string()]).optional(),
  allow_sending_without_reply: z.boolean().optional(),
});

const inlineButton = z.looseObject({
  text: z.string().min(1),
  callback_data: z.string().optional(),
  url: z.string().optional(),
});
const inlineKeyboard = z.looseObject({ inline_keyboard: z.array(z.array(inlineButton)) });

/** Narrows a keyboard the zod schema accepted; the schema checks what the guard promises. */
function isInlineKeyboard(value: unknown): value is InlineKeyboardMarkup {
  return inlineKeyboard.safeParse(value).success;
}

const entity = z.looseObject({ type: z.string(), offset: z.number().int().min(0), length: z.number().int().min(1) });

/** The chat_id parameter as sent: a number, or a string (numeric or '@channelusername'). */
export function chatIdParam(params: Params): number | string | undefined {
  const value = params.values.chat_id;
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

/** Text (or caption) with parse_mode or explicit entities applied, as Telegram stores it. */
export function styledText(params: Params, textField: 'text' | 'caption', entitiesField: 'entities' | 'caption_entities'): { text: string; entities: MessageEntity[]; parseMode: string | undefined } {
  const raw = params.string(textField) ?? '';
  const parseMode = params.string('parse_mode');
  const explicit = params.json(entitiesField, 'entities');
  if (explicit !== undefined) {
    const parsed = z.array(entity).safeParse(explicit);
    if (!parsed.success) throw badRequest("can't parse entities JSON object");
    if (!parsed.data.every(isEntity)) throw badRequest("can't parse entities JSON object");
    return { text: raw, entities: parsed.data.filter(isEntity), parseMode };
  }
  return { ...formatText(raw, parseMode), parseMode };
}

const entityTypes = new Set([
  'mention', 'hashtag', 'cashtag', 'bot_command', 'url', 'email', 'phone_number', 'bold', 'italic', 'underline',
  'strikethrough', 'spoiler', 'blockquote', 'expandable_blockquote', 'code', 'pre', 'text_link', 'text_mention', 'custom_emoji', 'date_time',
]);

/** A known entity type with the extra field it needs (text_link url, text_mention user, custom_emoji id). */
function isEntity<T extends { type: string }>(value: T): value is T & MessageEntity {
  if (!entityTypes.has(value.type)) return false;
  if (value.type === 'text_link') return 'url' in value && typeof value.url === 'string';
  if (value.type === 'text_mention') return 'user' in value && typeof value.user === 'object';
  if (value.type === 'custom_emoji') return 'custom_emoji_id' in value && typeof value.custom_emoji_id === 'string';
  return true;
}

/**
 * A message from the bot, with what every send method shares: chat, thread, the message replied to,
 * and an inline keyboard. It is stored (so later edits, replies and button presses find it) and returned.
 */
export function botMessage(params: Params, context: ApiContext, content: Partial<Message>): Message {
  const chat = context.store.chat(chatIdParam(params));
  const threadId = params.int('message_thread_id');
  const replyTo = repliedMessage(params, context, chat.id);
  const markup = replyMarkup(params);
  const message: Message = {
    message_id: context.store.nextMessageId(chat.id),
    from: context.store.bot,
    chat,
    date: Math.floor(Date.now() / 1000),
    ...(threadId !== undefined && chat.type === 'supergroup' ? { message_thread_id: threadId, is_topic_message: true } : {}),
    ...(replyTo === undefined ? {} : { reply_to_message: { ...replyTo, reply_to_message: undefined } }),
    ...content,
    ...(markup.inline === undefined ? {} : { reply_markup: markup.inline }),
  };
  context.store.saveMessage(message);
  return message;
}

export function replyMarkup(params: Params): { raw: unknown; inline: InlineKeyboardMarkup | undefined } {
  const raw = params.json('reply_markup', 'reply keyboard markup');
  if (raw === undefined) return { raw, inline: undefined };
  if (typeof raw !== 'object' || raw === null) throw badRequest('object expected as reply markup');
  if (!('inline_keyboard' in raw)) return { raw, inline: undefined };
  const parsed = inlineKeyboard.safeParse(raw);
  if (!parsed.success) throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  for (const button of parsed.data.inline_keyboard.flat()) {
    const data = button.callback_data;
    if (data !== undefined && (data === '' || Buffer.byteLength(data) > 64)) throw badRequest('BUTTON_DATA_INVALID');
    if (data === undefined && button.url === undefined && Object.keys(button).length === 1) {
      throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    }
  }
  return { raw, inline: isInlineKeyboard(raw) ? raw : undefined };
}

function repliedMessage(params: Params, context: ApiContext, chatId: number): Message | undefined {
  const legacyId = params.int('reply_to_message_id');
  const raw = params.json('reply_parameters', 'reply parameters');
  let reply: z.infer<typeof replyParameters> | undefined;
  if (raw !== undefined) {
    const parsed = replyParameters.safeParse(raw);
    if (!parsed.success) throw badRequest("can't parse reply parameters JSON object");
    reply = parsed.data;
  } else if (legacyId !== undefined) {
    reply = { message_id: legacyId, allow_sending_without_reply: params.bool('allow_sending_without_reply') };
  }
  if (reply === undefined) return undefined;
  const replyChat = reply.chat_id === undefined ? chatId : context.store.chat(reply.chat_id).id;
  const found = context.store.message(replyChat, reply.message_id);
  if (found === undefined && reply.allow_sending_without_reply !== true) throw badRequest('message to be replied not found');
  return found;
}
