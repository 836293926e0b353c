import type { Chat, Message, MessageEntity, Update, User, UserFromGetMe } from 'grammy/types';

export type { Chat, Message, MessageEntity, Update, User, UserFromGetMe };

export interface TelegramServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The bot's token, `<bot id>:<secret>`; the id part becomes the bot's user id. Default '7000000001:test-token'. */
  token?: string;
  /** The bot's username without '@'. Default 'switchboard_test_bot'. */
  botUsername?: string;
  botName?: string;
  /** Privacy mode off: the bot sees every group message, not only commands, mentions and replies to it. Default false. */
  canReadAllGroupMessages?: boolean;
  /** Webhook retry backoff: the first wait after a failed delivery, doubled up to `maxMs`. Default 50 ms up to 1 s. */
  webhookRetry?: { initialMs?: number; maxMs?: number };
  /** How long a webhook receiver may take to answer before the delivery counts as failed. Default 5 s. */
  webhookTimeoutMs?: number;
}

/** A file the user attaches to a message, or the bot uploads. */
export interface FileInput {
  bytes: Uint8Array;
  name?: string;
  mime?: string;
}

export interface PhotoInput extends FileInput {
  width?: number;
  height?: number;
}

export interface VoiceInput extends FileInput {
  duration?: number;
}

export interface UserMessageInput {
  chat: Chat;
  /** The sender; in a private chat it defaults to the chat's user. */
  from?: User;
  text?: string;
  /** Overrides the entities the server would detect (mentions, /commands, URLs, hashtags). */
  entities?: MessageEntity[];
  photo?: PhotoInput;
  document?: FileInput;
  voice?: VoiceInput;
  caption?: string;
  /** The message this one replies to: a Message, or its id in the same chat. */
  replyTo?: Message | number;
  messageThreadId?: number;
}

export interface UserSent {
  update: Update;
  message: Message;
  /** False when privacy mode kept the bot from seeing a group message (nothing was queued). */
  delivered: boolean;
}

export interface ButtonPress {
  from: User;
  /** The bot's message carrying the inline keyboard (its current, possibly edited, version is used). */
  message: Message;
  /** A callback_data of one of its buttons. */
  data: string;
}

export interface SentMedia {
  type: 'photo' | 'document' | 'voice' | 'audio';
  bytes: Uint8Array;
  fileId: string;
  fileName: string | undefined;
  mimeType: string | undefined;
  /** How the bot supplied the file: a multipart upload, a file_id of a known file, or an HTTP URL the server fetched. */
  source: 'upload' | 'file_id' | 'url';
}

/** Something the bot did, recorded in order. */
export type SentEvent =
  | {
      kind: 'message';
      method: string;
      chatId: number;
      message: Message;
      /** The text or caption as the bot sent it (before parse_mode was applied). */
      text: string | undefined;
      parseMode: string | undefined;
      replyMarkup: unknown;
      media: SentMedia | undefined;
    }
  /** editMessageText, or editMessageReplyMarkup (then `text` is the message's unchanged text). */
  | { kind: 'edit'; chatId: number; messageId: number; text: string; parseMode: string | undefined; replyMarkup: unknown; message: Message }
  | { kind: 'delete'; chatId: number; messageId: number }
  | { kind: 'chatAction'; chatId: number; action: string }
  | { kind: 'callbackAnswer'; callbackQueryId: string; text: string | undefined; showAlert: boolean };

export interface RecordedCall {
  method: string;
  /** When it arrived (Date.now()), to check that a client waited out a retry_after. */
  at: number;
  /** Parameters as received: JSON values, or strings from a query, a form or multipart fields (uploaded files omitted). */
  params: Record<string, unknown>;
}

export interface ScriptedFailure {
  /** 429 gets `parameters.retry_after`; 400/401/403/404/409/500… get Telegram's usual description. */
  status: number;
  /** Seconds, for 429 (default 1). */
  retryAfter?: number;
  /** Replaces the usual description, e.g. 'Bad Request: chat not found'. */
  description?: string;
}

export interface WebhookAttempt {
  updateId: number;
  /** The receiver's HTTP status, or undefined when it could not be reached. */
  status: number | undefined;
  error: string | undefined;
  /** The X-Telegram-Bot-Api-Secret-Token sent, if any. */
  secretToken: string | undefined;
}

export interface TelegramServer {
  /** 'http://127.0.0.1:<port>', ready to be grammY's `client.apiRoot`. */
  url: string;
  token: string;
  bot: UserFromGetMe;

  createUser(input?: { firstName?: string; lastName?: string; username?: string; languageCode?: string }): User;
  /** The user's private chat with the bot (the user has pressed Start). */
  privateChat(user: User): Chat.PrivateChat;
  /** A group or supergroup with the bot and the given users as members. */
  createGroup(input: { title: string; members?: User[]; type?: 'group' | 'supergroup'; username?: string }): Chat.GroupChat | Chat.SupergroupChat;

  /** Builds the user's message and its Update and delivers it (getUpdates queue or webhook). */
  userSends(input: UserMessageInput): UserSent;
  /** A callback_query from pressing an inline button of a bot message. */
  pressButton(input: ButtonPress): Update;
  /** Delivers an already delivered update again, with the same update_id (webhooks and polling alike). */
  redeliver(updateId: number): void;

  /** Everything the bot did that a user would see, in order. */
  sent: SentEvent[];
  /** The first recorded event (past or future) matching the predicate; rejects after `timeoutMs` (default 2000). */
  waitForSent(predicate: (event: SentEvent) => boolean, timeoutMs?: number): Promise<SentEvent>;
  /** Every Bot API call received, in order (including rejected ones). */
  calls: RecordedCall[];
  /** Every webhook delivery attempt, in order. */
  webhookAttempts: WebhookAttempt[];
  /** Answers the next call of `method` ('*' for any method) with this error instead. Queued per method. */
  failNext(method: string, failure: ScriptedFailure): void;
  /** The files the server stores, by file_id. */
  fileBytes(fileId: string): Uint8Array | undefined;

  /** Simulates a lost connection: closes the listener and every socket; state is kept. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}
