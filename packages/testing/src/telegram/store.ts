import { randomBytes } from 'node:crypto';
import type { BotCommand } from 'grammy/types';
import { badRequest, TelegramError } from './errors.ts';
import type { Chat, Message, User, UserFromGetMe } from './types.ts';

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  bytes: Uint8Array;
  /** Where `/file/bot<token>/<path>` serves it. */
  path: string;
  name: string | undefined;
  mime: string | undefined;
}

export type FileKind = 'photos' | 'documents' | 'voice' | 'music';

/** Everything the fake Telegram remembers: the bot's world of users, chats, messages and files. */
export class Store {
  readonly bot: UserFromGetMe;
  readonly users = new Map<number, User>();
  readonly chats = new Map<number, Chat>();
  /** Users known to be in each chat, besides the bot. */
  readonly members = new Map<number, Set<number>>();
  readonly files = new Map<string, StoredFile>();
  /** callback_query ids, and whether the bot answered them. */
  readonly callbackQueries = new Map<string, boolean>();
  /** setMyCommands lists, keyed by scope JSON and language code. */
  readonly commands = new Map<string, BotCommand[]>();
  private readonly messages = new Map<string, Message>();
  private readonly lastMessageIds = new Map<number, number>();
  private lastUserId = 100_000_000;
  private lastGroupId = 0;
  private lastFile = 0;

  constructor(bot: UserFromGetMe) {
    this.bot = bot;
  }

  nextUserId(): number {
    this.lastUserId += 1;
    return this.lastUserId;
  }

  /** Basic groups have small negative ids, supergroups -100… ids, as in Telegram. */
  nextGroupId(type: 'group' | 'supergroup'): number {
    this.lastGroupId += 1;
    return type === 'group' ? -(4_000_000_000 + this.lastGroupId) : -(1_000_000_000_000 + 2_000_000_000 + this.lastGroupId);
  }

  /** A chat_id parameter (number, numeric string or '@username') to a chat the bot can write to. */
  chat(chatId: number | string | undefined): Chat {
    if (chatId === undefined || chatId === '') throw badRequest('chat_id is empty');
    const byUsername = typeof chatId === 'string' && chatId.startsWith('@');
    const chat = byUsername
      ? [...this.chats.values()].find((candidate) => candidate.username === chatId.slice(1))
      : this.chats.get(Number(chatId));
    if (chat !== undefined) return chat;
    if (!byUsername && this.users.has(Number(chatId))) throw new TelegramError(403, "Forbidden: bot can't initiate conversation with a user");
    throw badRequest('chat not found');
  }

  nextMessageId(chatId: number): number {
    const id = (this.lastMessageIds.get(chatId) ?? 0) + 1;
    this.lastMessageIds.set(chatId, id);
    return id;
  }

  saveMessage(message: Message): void {
    this.messages.set(`${message.chat.id}:${message.message_id}`, message);
  }

  message(chatId: number, messageId: number): Message | undefined {
    return this.messages.get(`${chatId}:${messageId}`);
  }

  deleteMessage(chatId: number, messageId: number): boolean {
    return this.messages.delete(`${chatId}:${messageId}`);
  }

  addFile(kind: FileKind, bytes: Uint8Array, name: string | undefined, mime: string | undefined): StoredFile {
    this.lastFile += 1;
    const extension = /\.([A-Za-z0-9]{1,8})$/.exec(name ?? '')?.[1] ?? defaultExtension[kind];
    const file: StoredFile = {
      fileId: `${filePrefix[kind]}${randomBytes(12).toString('base64url')}${this.lastFile}`,
      fileUniqueId: `AQAD${randomBytes(6).toString('base64url')}`,
      bytes,
      path: `${kind}/file_${this.lastFile}.${extension}`,
      name,
      mime,
    };
    this.files.set(file.fileId, file);
    return file;
  }

  /** A file by file_id; a photo's thumbnail id (`<id>_s`) resolves to the photo. */
  file(fileId: string): StoredFile | undefined {
    return this.files.get(fileId) ?? this.files.get(fileId.replace(/_s$/, ''));
  }

  fileByPath(path: string): StoredFile | undefined {
    return [...this.files.values()].find((file) => file.path === path);
  }
}

// Real file_ids start with a prefix per file type; bots sometimes log them, nothing parses them.
const filePrefix: Record<FileKind, string> = { photos: 'AgACAgIAAxk', documents: 'BQACAgIAAxk', voice: 'AwACAgIAAxk', music: 'CQACAgIAAxk' };
const defaultExtension: Record<FileKind, string> = { photos: 'jpg', documents: 'dat', voice: 'oga', music: 'mp3' };
