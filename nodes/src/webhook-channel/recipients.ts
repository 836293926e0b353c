/** Where a reply goes and whom it names: what a message said, remembered until its turn answers. */
export interface Recipient {
  userId: string;
  /** The message's own callback URL, when the channel allows one. */
  callbackUrl?: string;
}

/** Enough for the messages whose turns are running; the oldest are forgotten first. */
const DEFAULT_LIMIT = 10_000;

/**
 * The sender and callback URL of recent messages, per channel and chat. The reply contract gives a
 * channel the chat and the answered message id only, so this fills in the rest. It lives in this
 * process: a reply after a restart (or from a turn no message started, like a delay) names the chat's
 * latest sender and goes to the latest URL still remembered, else to the channel's callback URL.
 */
export class Recipients {
  readonly #byMessage = new Map<string, Recipient>();
  readonly #byChat = new Map<string, Recipient>();
  readonly #limit: number;

  constructor(limit = DEFAULT_LIMIT) {
    this.#limit = limit;
  }

  /** The first delivery of a message wins: a redelivery is answered as the first was. */
  remember(channelId: string, chatId: string, messageId: string, recipient: Recipient): void {
    const key = `${channelId}\n${chatId}\n${messageId}`;
    if (!this.#byMessage.has(key)) put(this.#byMessage, key, recipient, this.#limit);
    put(this.#byChat, `${channelId}\n${chatId}`, recipient, this.#limit);
  }

  find(channelId: string, chatId: string, messageId: string | undefined): Recipient | undefined {
    const exact = messageId === undefined ? undefined : this.#byMessage.get(`${channelId}\n${chatId}\n${messageId}`);
    return exact ?? this.#byChat.get(`${channelId}\n${chatId}`);
  }
}

/** Sets a key as the newest entry, dropping the oldest beyond the limit. */
function put(map: Map<string, Recipient>, key: string, value: Recipient, limit: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > limit) {
    const oldest = map.keys().next();
    if (oldest.done === true) break;
    map.delete(oldest.value);
  }
}
