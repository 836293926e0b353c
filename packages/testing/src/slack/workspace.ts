import type { IdSource } from './ids.ts';
import type { ChannelType, StoredFile, StoredMessage } from './types.ts';

export interface SlackUser {
  id: string;
  name: string;
  isBot: boolean;
}

export interface SlackChannel {
  id: string;
  name: string;
  type: ChannelType;
  /** A DM's other member. */
  user: string | undefined;
  created: number;
}

export interface Team {
  id: string;
  name: string;
  domain: string;
}

export interface Bot {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

/** Everything the fake workspace knows; users and channels appear the first time a test names them. */
export interface Workspace {
  team: Team;
  bot: Bot;
  ids: IdSource;
  /** Base for files and response URLs: 'http://127.0.0.1:<port>'. */
  baseUrl: string;
  users: Map<string, SlackUser>;
  channels: Map<string, SlackChannel>;
  messages: Map<string, StoredMessage[]>;
  files: Map<string, StoredFile>;
  /** Files announced by files.getUploadURLExternal: the length promised, and whether the bytes came. */
  uploads: Map<string, { length: number; received: boolean }>;
}

export function createWorkspace(team: Team, bot: Bot, ids: IdSource, baseUrl: string): Workspace {
  const workspace: Workspace = { team, bot, ids, baseUrl, users: new Map(), channels: new Map(), messages: new Map(), files: new Map(), uploads: new Map() };
  workspace.users.set(bot.userId, { id: bot.userId, name: bot.name, isBot: true });
  return workspace;
}

export function ensureUser(workspace: Workspace, id: string, name?: string, isBot = false): SlackUser {
  const known = workspace.users.get(id);
  if (known !== undefined) return known;
  const user = { id, name: name ?? `user-${id.toLowerCase()}`, isBot };
  workspace.users.set(id, user);
  return user;
}

/** The channel type follows Slack's id prefixes: D is a DM, G private, anything else public. */
export function ensureChannel(workspace: Workspace, id: string, name?: string, user?: string): SlackChannel {
  const known = workspace.channels.get(id);
  if (known !== undefined) return known;
  const type: ChannelType = id.startsWith('D') ? 'im' : id.startsWith('G') ? 'group' : 'channel';
  const channel = { id, name: name ?? (type === 'im' ? id : `channel-${id.toLowerCase()}`), type, user, created: Math.floor(Date.now() / 1000) };
  workspace.channels.set(id, channel);
  workspace.messages.set(id, []);
  return channel;
}

export function findMessage(workspace: Workspace, channel: string, ts: string): StoredMessage | undefined {
  return workspace.messages.get(channel)?.find((message) => message.ts === ts);
}

/** Any channel's message with this ts (ts values are unique across the fake workspace). */
export function findMessageAnywhere(workspace: Workspace, ts: string): StoredMessage | undefined {
  for (const messages of workspace.messages.values()) {
    const found = messages.find((message) => message.ts === ts);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function addMessage(workspace: Workspace, message: Omit<StoredMessage, 'ts' | 'reactions' | 'edited'>): StoredMessage {
  const stored: StoredMessage = { ...message, ts: workspace.ids.ts(), reactions: [], edited: false };
  const list = workspace.messages.get(message.channel);
  if (list === undefined) workspace.messages.set(message.channel, [stored]);
  else list.push(stored);
  return stored;
}

export function replies(workspace: Workspace, channel: string, threadTs: string): StoredMessage[] {
  return (workspace.messages.get(channel) ?? []).filter((message) => message.threadTs === threadTs && message.ts !== threadTs);
}

export function fileUrls(workspace: Workspace, file: StoredFile): { url_private: string; url_private_download: string; permalink: string } {
  const base = `${workspace.baseUrl}/files-pri/${workspace.team.id}-${file.id}`;
  return {
    url_private: `${base}/${encodeURIComponent(file.name)}`,
    url_private_download: `${base}/download/${encodeURIComponent(file.name)}`,
    permalink: `${workspace.baseUrl}/files/${file.user}/${file.id}/${encodeURIComponent(file.name)}`,
  };
}
