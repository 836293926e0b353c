import { createHmac, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CAPABILITIES,
  outboundExtras,
  splitMessage,
  type BotIdentity,
  type ChannelAdapter,
  type ChannelContext,
  type IngressResult,
  type ReplyTarget,
  type SentMessage,
} from '@switchboard/channels';
import { Api, GrammyError, InputFile } from 'grammy';
import type { InlineKeyboardButton, Update } from 'grammy/types';
import { z } from 'zod';
import { telegramCredential } from '../shared/credentials.ts';
import { describe, withRetryAfter } from './api.ts';
import { deleteMessage, downloadFile, editText } from './messages.ts';
import { telegramMessage } from './parse.ts';

export { withRetryAfter } from './api.ts';

export const TelegramConfig = z.object({
  /** Polling needs no public address (a laptop); a webhook needs the server reachable from Telegram. */
  mode: z.enum(['polling', 'webhook']).default('polling'),
  /** Telegram's Bot API server; another address for a self-hosted Bot API server or a local test server. */
  apiRoot: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
});
export type TelegramConfig = z.output<typeof TelegramConfig>;

const POLL_TIMEOUT_SECONDS = 25;

function tokenOf(context: ChannelContext<TelegramConfig>): string {
  const token = context.secret.botToken;
  if (token === undefined || token === '') throw new Error('this Telegram channel has no bot token: choose a credential with the token from @BotFather');
  return token;
}

function apiOf(context: ChannelContext<TelegramConfig>): Api {
  return new Api(tokenOf(context), { apiRoot: context.config.apiRoot.replace(/\/+$/, '') });
}

/**
 * The secret Telegram sends back with every webhook call. Derived from the token and the channel, so
 * nothing extra is stored and a new token changes it.
 */
export function webhookSecret(token: string, channelId: string): string {
  return createHmac('sha256', token).update(`switchboard-webhook:${channelId}`).digest('base64url');
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function keyboard(buttons: ReturnType<typeof outboundExtras>['buttons']): { inline_keyboard: InlineKeyboardButton[][] } | undefined {
  if (buttons.length === 0) return undefined;
  return { inline_keyboard: buttons.map((button) => [button.url !== undefined ? { text: button.label, url: button.url } : { text: button.label, callback_data: button.value ?? button.label }]) };
}

export const telegramAdapter: ChannelAdapter<TelegramConfig> = {
  type: 'telegram',
  capabilities: CAPABILITIES.telegram,
  config: TelegramConfig,
  credentialType: telegramCredential.type,
  connects: (config) => config.mode === 'polling',

  async identify(context) {
    try {
      const me = await apiOf(context).getMe();
      return { id: String(me.id), username: me.username };
    } catch (error) {
      throw new Error(describe(error), { cause: error });
    }
  },

  async bind(context) {
    if (context.config.mode !== 'webhook') {
      // Polling and a webhook exclude each other on Telegram's side.
      await apiOf(context).deleteWebhook();
      return;
    }
    if (context.webhookUrl === undefined) throw new Error('a Telegram webhook needs the public address of this server: set SWITCHBOARD_PUBLIC_URL, or use polling');
    await apiOf(context).setWebhook(context.webhookUrl, {
      secret_token: webhookSecret(tokenOf(context), context.channelId),
      allowed_updates: ['message', 'callback_query'],
    });
  },

  receive(context, bot, delivery): IngressResult {
    if (!sameSecret(delivery.headers['x-telegram-bot-api-secret-token'], webhookSecret(tokenOf(context), context.channelId))) {
      return { kind: 'refuse', status: 401, reason: 'the X-Telegram-Bot-Api-Secret-Token header is missing or wrong' };
    }
    let update: Update;
    try {
      update = UpdateShape.parse(JSON.parse(delivery.rawBody));
    } catch {
      return { kind: 'refuse', status: 400, reason: 'the body is not a Telegram update' };
    }
    const message = telegramMessage(update, bot);
    if (!message) return { kind: 'answer', status: 200, body: {} };
    // A button press is acknowledged in the webhook's answer itself, which stops the button's spinner.
    const answer = update.callback_query ? { status: 200, body: { method: 'answerCallbackQuery', callback_query_id: update.callback_query.id } } : undefined;
    return answer ? { kind: 'messages', messages: [message], answer } : { kind: 'messages', messages: [message] };
  },

  async listen(context, bot, handlers, signal) {
    const api = apiOf(context);
    let offset: number | undefined;
    let backoffMs = 1000;
    let up = false;
    while (!signal.aborted) {
      try {
        // A first short poll proves the connection at once; then long polls wait for updates.
        // grammY's Node build types abort signals as its own polyfill's, so a stop is a race instead: the
        // abandoned poll's updates are not confirmed (the offset did not move) and come again next time.
        const updates = await untilAborted(api.getUpdates({ timeout: up ? POLL_TIMEOUT_SECONDS : 0, allowed_updates: ['message', 'callback_query'], ...(offset !== undefined ? { offset } : {}) }), signal);
        if (updates === undefined) break;
        if (!up) {
          up = true;
          backoffMs = 1000;
          handlers.connected();
        }
        const messages = updates.flatMap((update) => telegramMessage(update, bot) ?? []);
        // The offset moves only after the messages are recorded: a crash before that gets them again.
        if (messages.length > 0) await handlers.deliver(messages);
        for (const update of updates) if (update.callback_query) await api.answerCallbackQuery(update.callback_query.id).catch(() => undefined);
        const last = updates.at(-1);
        if (last) offset = last.update_id + 1;
      } catch (error) {
        if (isAborted(signal)) break;
        const retryAfter = error instanceof GrammyError && error.error_code === 429 ? error.parameters.retry_after : undefined;
        up = false;
        handlers.disconnected(describe(error));
        const waitMs = retryAfter !== undefined ? retryAfter * 1000 : backoffMs;
        backoffMs = Math.min(backoffMs * 2, 30_000);
        await sleep(waitMs, undefined, { signal }).catch(() => undefined);
      }
    }
  },

  async send(context, target, reply, signal) {
    const api = apiOf(context);
    const { attachments, buttons } = outboundExtras(reply);
    const chatId = target.chatId;
    const common = {
      ...(target.threadId !== undefined ? { message_thread_id: Number(target.threadId) } : {}),
      // In groups the answer quotes the question, so people see who it is for.
      ...(target.chatKind === 'group' && target.replyToMessageId !== undefined && /^\d+$/.test(target.replyToMessageId)
        ? { reply_parameters: { message_id: Number(target.replyToMessageId), allow_sending_without_reply: true } }
        : {}),
    };
    const parts = splitMessage(reply.text, 'telegram-html', CAPABILITIES.telegram.maxTextLength);
    const markup = keyboard(buttons);
    const sent: SentMessage[] = [];
    const record = (message: { message_id: number }) => { sent.push({ messageId: String(message.message_id) }); };

    // One file with a short text: the text becomes its caption. Otherwise files go first, then the text.
    const caption = attachments.length === 1 && parts.length === 1 && (parts[0] ?? '').length <= CAPABILITIES.telegram.maxCaptionLength ? parts[0] : undefined;
    for (const [index, file] of attachments.entries()) {
      const input = file.base64 !== undefined ? new InputFile(Buffer.from(file.base64, 'base64'), file.name) : (file.url ?? '');
      const isLast = index === attachments.length - 1;
      const options = { ...common, ...(caption !== undefined ? { caption, parse_mode: 'HTML' as const } : {}), ...(caption !== undefined && isLast && markup ? { reply_markup: markup } : {}) };
      switch (file.kind) {
        case 'image':
          record(await withRetryAfter(() => api.sendPhoto(chatId, input, options), signal));
          break;
        case 'voice':
          record(await withRetryAfter(() => api.sendVoice(chatId, input, options), signal));
          break;
        case 'audio':
          record(await withRetryAfter(() => api.sendAudio(chatId, input, options), signal));
          break;
        case 'video':
          record(await withRetryAfter(() => api.sendVideo(chatId, input, options), signal));
          break;
        case 'file':
          record(await withRetryAfter(() => api.sendDocument(chatId, input, options), signal));
          break;
      }
    }
    if (caption === undefined) {
      for (const [index, text] of parts.entries()) {
        const isLast = index === parts.length - 1;
        const options = { ...common, parse_mode: 'HTML' as const, ...(isLast && markup ? { reply_markup: markup } : {}) };
        record(await withRetryAfter(() => api.sendMessage(chatId, text, options), signal));
      }
    }
    return sent;
  },

  edit: (context, target, sent, text, signal) => editText(apiOf(context), target, sent, text, signal),

  remove: (context, target, sent, signal) => deleteMessage(apiOf(context), target, sent, signal),

  download: (context, attachment, signal) => downloadFile(apiOf(context), context.config.apiRoot, tokenOf(context), attachment, signal),

  async typing(context, target: ReplyTarget) {
    await apiOf(context).sendChatAction(target.chatId, 'typing', target.threadId !== undefined ? { message_thread_id: Number(target.threadId) } : {});
  },
};

function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** The call's result, or undefined as soon as `signal` aborts. */
function untilAborted<T>(call: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const stop = () => { resolve(undefined); };
    signal.addEventListener('abort', stop, { once: true });
    call.then(resolve, reject).finally(() => { signal.removeEventListener('abort', stop); });
  });
}

/** Enough of an update's shape to trust the parser with it; the rest is Telegram's to define. */
const UpdateShape = z.custom<Update>((value) => typeof value === 'object' && value !== null && 'update_id' in value && typeof value.update_id === 'number', 'not a Telegram update');

export type { BotIdentity };
