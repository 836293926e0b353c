import type { Handler } from '../context.ts';
import { badRequest } from '../errors.ts';
import type { Message } from '../types.ts';
import { botMessage, chatIdParam, replyMarkup, styledText } from './outgoing.ts';

const maxText = 4096;

export const sendMessage: Handler = (params, context) => {
  const styled = styledText(params, 'text', 'entities');
  if (styled.text.trim() === '') throw badRequest('message text is empty');
  if (styled.text.length > maxText) throw badRequest('message is too long');
  const message = botMessage(params, context, { text: styled.text, ...(styled.entities.length > 0 ? { entities: styled.entities } : {}) });
  context.sent.record({
    kind: 'message',
    method: 'sendMessage',
    chatId: message.chat.id,
    message,
    text: params.string('text'),
    parseMode: styled.parseMode,
    replyMarkup: replyMarkup(params).raw,
    media: undefined,
  });
  return message;
};

/** The bot's own message addressed by chat_id + message_id (inline messages are not modelled). */
function ownMessage(params: Parameters<Handler>[0], context: Parameters<Handler>[1], missing: string): Message {
  if (params.string('inline_message_id') !== undefined) throw badRequest('inline messages are not supported by this test server');
  const chat = context.store.chat(chatIdParam(params));
  const messageId = params.int('message_id');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  const message = context.store.message(chat.id, messageId);
  if (message === undefined) throw badRequest(missing);
  return message;
}

export const editMessageText: Handler = (params, context) => {
  const message = ownMessage(params, context, 'message to edit not found');
  if (message.from?.id !== context.store.bot.id) throw badRequest("message can't be edited");
  const styled = styledText(params, 'text', 'entities');
  if (styled.text.trim() === '') throw badRequest('message text is empty');
  if (styled.text.length > maxText) throw badRequest('message is too long');
  const markup = replyMarkup(params);
  const sameMarkup = JSON.stringify(markup.inline) === JSON.stringify(message.reply_markup);
  if (styled.text === message.text && JSON.stringify(styled.entities) === JSON.stringify(message.entities ?? []) && sameMarkup) {
    throw badRequest('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
  }
  const edited: Message = {
    ...message,
    text: styled.text,
    entities: styled.entities.length > 0 ? styled.entities : undefined,
    reply_markup: markup.inline,
    edit_date: Math.floor(Date.now() / 1000),
  };
  context.store.saveMessage(edited);
  context.sent.record({
    kind: 'edit',
    chatId: edited.chat.id,
    messageId: edited.message_id,
    text: params.string('text') ?? '',
    parseMode: styled.parseMode,
    replyMarkup: markup.raw,
    message: edited,
  });
  return edited;
};

export const editMessageReplyMarkup: Handler = (params, context) => {
  const message = ownMessage(params, context, 'message to edit not found');
  if (message.from?.id !== context.store.bot.id) throw badRequest("message can't be edited");
  const markup = replyMarkup(params);
  if (JSON.stringify(markup.inline) === JSON.stringify(message.reply_markup)) {
    throw badRequest('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
  }
  const edited: Message = { ...message, reply_markup: markup.inline, edit_date: Math.floor(Date.now() / 1000) };
  context.store.saveMessage(edited);
  context.sent.record({
    kind: 'edit',
    chatId: edited.chat.id,
    messageId: edited.message_id,
    text: edited.text ?? edited.caption ?? '',
    parseMode: undefined,
    replyMarkup: markup.raw,
    message: edited,
  });
  return edited;
};

export const deleteMessage: Handler = (params, context) => {
  const message = ownMessage(params, context, 'message to delete not found');
  context.store.deleteMessage(message.chat.id, message.message_id);
  context.sent.record({ kind: 'delete', chatId: message.chat.id, messageId: message.message_id });
  return true;
};

const chatActions = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice',
  'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);

export const sendChatAction: Handler = (params, context) => {
  const chat = context.store.chat(chatIdParam(params));
  const action = params.string('action');
  if (action === undefined || !chatActions.has(action)) throw badRequest('wrong parameter action in request');
  context.sent.record({ kind: 'chatAction', chatId: chat.id, action });
  return true;
};

export const answerCallbackQuery: Handler = (params, context) => {
  const id = params.string('callback_query_id') ?? '';
  if (context.store.callbackQueries.get(id) !== false) {
    throw badRequest('query is too old and response timeout expired or query ID is invalid');
  }
  context.store.callbackQueries.set(id, true);
  context.sent.record({ kind: 'callbackAnswer', callbackQueryId: id, text: params.string('text'), showAlert: params.bool('show_alert') ?? false });
  return true;
};
