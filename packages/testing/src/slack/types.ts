import type { IncomingHttpHeaders } from 'node:http';

/** Slack ids start with a letter saying what they name: C public channel, G private, D direct message. */
export type ChannelType = 'channel' | 'group' | 'im' | 'mpim';

/** The Events API subscriptions of the app, as named on the app's settings page. */
export type EventSubscription = 'app_mention' | 'message.channels' | 'message.groups' | 'message.im' | 'message.mpim';

export interface SlackServerOptions {
  /** Web API, upload, download and response_url port; 0 (default) picks a free one. */
  port?: number;
  /** Socket Mode (WebSocket) port; 0 (default) picks a free one. */
  socketPort?: number;
  /** Default 'xoxb-test-bot-token'. */
  botToken?: string;
  /** Default 'xapp-1-A0SWITCH-test-app-token'; the only token apps.connections.open accepts. */
  appToken?: string;
  /** Default 'test-signing-secret'. */
  signingSecret?: string;
  /** Events API request URL; slash commands and interactivity go there too unless given their own. */
  requestUrl?: string;
  commandUrl?: string;
  interactivityUrl?: string;
  /** Deliver over Socket Mode from the start; otherwise from the first apps.connections.open on. */
  socketMode?: boolean;
  /** Which user messages become events. Default: app_mention and message.im, a typical chatbot's setup. */
  events?: EventSubscription[];
  /**
   * Echo the bot's own messages back as `message` events (with bot_id) where the app is subscribed to
   * that channel's messages, as Slack does; turn on to prove a loop guard. Default false.
   */
  echoBotMessages?: boolean;
  /** How long an HTTP delivery or a socket envelope may go unacknowledged. Slack: 3000 (the default). */
  ackTimeoutMs?: number;
  /** Waits before each retry of an unacknowledged event; Slack waits 0 s, 1 min, 5 min. Default [50, 100, 200]. */
  retryDelaysMs?: number[];
  team?: { id: string; name: string; domain: string };
  bot?: { userId: string; botId: string; appId: string; name: string };
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** The token the call carried, from the Authorization header or the `token` parameter. */
  token: string | undefined;
  /** What the server answered (429s and scripted failures included). */
  response: Record<string, unknown>;
  status: number;
}

/** Something the bot made visible in the workspace. */
export interface RecordedPost {
  via:
    | 'chat.postMessage'
    | 'chat.postEphemeral'
    | 'chat.update'
    | 'chat.delete'
    | 'reactions.add'
    | 'files.completeUploadExternal'
    | 'response_url'
    | 'ack';
  channel: string | undefined;
  /** The message's ts (for reactions: the message reacted to). */
  ts: string | undefined;
  threadTs: string | undefined;
  text: string | undefined;
  blocks: unknown[] | undefined;
  /** chat.postEphemeral's and an ephemeral response's recipient. */
  user: string | undefined;
  reaction: string | undefined;
  files: StoredFile[];
  /** The parameters as received (parsed JSON for response_url and ack bodies). */
  params: Record<string, unknown>;
}

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  size: number;
  /** The uploaded bytes; empty until the upload URL received them. */
  bytes: Buffer;
  user: string;
  created: number;
  channels: string[];
}

export interface StoredMessage {
  ts: string;
  channel: string;
  /** The author; the bot's messages carry the bot's user id and `botId`. */
  user: string;
  botId: string | undefined;
  text: string;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
  files: string[];
  reactions: { name: string; users: string[] }[];
  edited: boolean;
}

export interface DeliveryAttempt {
  /** 0 for the first try; Slack's X-Slack-Retry-Num / retry_attempt for the others. */
  retryNum: number;
  /** HTTP status, undefined over Socket Mode or when no answer came. */
  status: number | undefined;
  /** Why this attempt failed (Slack's retry reason: http_timeout, http_error, connection_failed, timeout). */
  failure: string | undefined;
}

export interface Delivery {
  kind: 'event' | 'command' | 'action' | 'url_verification';
  transport: 'http' | 'socket';
  /** What was sent: the event_callback envelope, the command fields, the interaction payload. */
  payload: Record<string, unknown>;
  attempts: DeliveryAttempt[];
  acked: boolean;
  /** The app's answer: the HTTP response body (JSON parsed when it is JSON) or the socket ack's payload. */
  response: unknown;
}

export interface UserSays {
  channel: string;
  user: string;
  text: string;
  /** Reply in this thread. */
  threadTs?: string;
  /** Files the user shares with the message (subtype file_share). */
  files?: { name: string; content: Buffer | string; mimetype?: string }[];
}

export interface UserSaid {
  ts: string;
  /** One per event sent (a mention in a channel subscribed to message.channels sends two). */
  deliveries: Delivery[];
}

export interface SlashCommand {
  command: string;
  text?: string;
  user: string;
  channel: string;
}

export interface ButtonClick {
  actionId: string;
  user: string;
  /** The bot message holding the button; its channel is looked up. */
  messageTs: string;
  /** Defaults to the button's own value in the message's blocks. */
  value?: string;
}

export interface RawRequest {
  /** Defaults to the events request URL. */
  url?: string;
  body: string;
  contentType?: string;
  /** Defaults to now; pass an old one for a stale request. */
  timestamp?: number;
  /** Defaults to the correct signature; pass another to forge one. */
  signature?: string;
  headers?: Record<string, string>;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders | Record<string, string>;
  body: string;
}

export interface ScriptedFailure {
  /** HTTP status; 429 adds Retry-After and `{ok:false,error:'ratelimited'}`. Default 200 (a Slack platform error). */
  status?: number;
  /** Seconds, for 429 (default 1). */
  retryAfter?: number;
  /** The `error` field; defaults to 'ratelimited' for 429, 'internal_error' otherwise. */
  error?: string;
  /** How many calls fail (default 1). */
  times?: number;
}

export interface SlackServer {
  /** 'http://127.0.0.1:<port>/api/': the WebClient's `slackApiUrl`. */
  apiUrl: string;
  team: { id: string; name: string; domain: string };
  bot: { userId: string; botId: string; appId: string; name: string };
  botToken: string;
  appToken: string;
  signingSecret: string;
  /** Every Web API call, in order. */
  calls: RecordedCall[];
  /** Everything the bot posted, changed or reacted with, in order. */
  posts: RecordedPost[];
  deliveries: Delivery[];
  /** Sets where events (and commands and interactivity, unless given `which`) are POSTed. */
  setRequestUrl(url: string, which?: 'events' | 'commands' | 'interactivity'): void;
  addUser(user: { id: string; name?: string; isBot?: boolean }): void;
  addChannel(channel: { id: string; name?: string; user?: string }): void;
  /** A user posts a message; resolves once every event it produced is acknowledged or given up. */
  userSays(message: UserSays): Promise<UserSaid>;
  /** Sends url_verification with a fresh challenge; `ok` when the answer carried it back. */
  verifyUrl(): Promise<{ ok: boolean; challenge: string; response: RawResponse }>;
  slashCommand(command: SlashCommand): Promise<Delivery>;
  clickButton(click: ButtonClick): Promise<Delivery>;
  /** POSTs a body with Slack's headers, signed correctly unless told otherwise. */
  sendRaw(request: RawRequest): Promise<RawResponse>;
  /** Slack's signature headers for a body. */
  sign(body: string, timestamp?: number): Record<string, string>;
  failNext(method: string, failure?: ScriptedFailure): void;
  /** Resolves with the first post (already made or yet to come) that matches. */
  waitFor(predicate: (post: RecordedPost) => boolean, timeoutMs?: number): Promise<RecordedPost>;
  /** A channel's messages, oldest first, thread replies included. */
  history(channel: string): StoredMessage[];
  file(id: string): StoredFile | undefined;
  /** Open Socket Mode connections. */
  socketConnections(): number;
  /** Sends Slack's `disconnect` message on every socket; a client reconnects with a new URL. */
  disconnect(reason?: 'refresh_requested' | 'link_disabled' | 'warning'): void;
  /** Drops every connection and stops listening (both ports), keeping all state: a lost network. */
  stop(): Promise<void>;
  /** Listens again on the same ports. */
  start(): Promise<void>;
  close(): Promise<void>;
}
