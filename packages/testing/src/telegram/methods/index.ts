import type { Handler } from '../context.ts';
import { deleteMyCommands, getChat, getMe, getMyCommands, setMyCommands } from './bot.ts';
import { getFile, sendAudio, sendDocument, sendPhoto, sendVoice } from './media.ts';
import { answerCallbackQuery, deleteMessage, editMessageReplyMarkup, editMessageText, sendChatAction, sendMessage } from './messages.ts';
import { deleteWebhook, getUpdates, getWebhookInfo, setWebhook } from './updates.ts';

const handlers: Record<string, Handler> = {
  getMe, setMyCommands, getMyCommands, deleteMyCommands, getChat,
  getUpdates, setWebhook, deleteWebhook, getWebhookInfo,
  sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage, sendChatAction, answerCallbackQuery,
  sendPhoto, sendDocument, sendVoice, sendAudio, getFile,
};

// Bot API method names are case-insensitive.
const byLowerName = new Map(Object.entries(handlers).map(([name, handler]) => [name.toLowerCase(), { name, handler }]));

export function findMethod(name: string): { name: string; handler: Handler } | undefined {
  return byLowerName.get(name.toLowerCase());
}
