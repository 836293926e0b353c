import { z } from 'zod';
import { parseCommand, type Command, type InboundChannelMessage } from './message.ts';

const ids = z.array(z.string().trim().min(1).max(200)).max(1000);

/**
 * When a trigger wakes for a message, configured on the trigger node. Private chats always reach
 * the bot (subject to the lists and the rate limit); in groups the bot answers only when addressed.
 */
export const WakeRules = z.object({
  groups: z
    .object({
      /** Answer messages that mention the bot. */
      mention: z.boolean().default(true),
      /** Answer replies to the bot's own messages. */
      reply: z.boolean().default(true),
      /** Answer messages that start with one of these (e.g. `/`, `!ask`). */
      prefixes: z.array(z.string().min(1).max(32)).max(20).default(['/']),
      /** Answer every message in the group (quiet groups, support rooms). */
      everyMessage: z.boolean().default(false),
    })
    .prefault({}),
  /** When not empty, only these user ids reach the bot. */
  allowUsers: ids.default([]),
  denyUsers: ids.default([]),
  /** When not empty, only these chat ids reach the bot. */
  allowChats: ids.default([]),
  denyChats: ids.default([]),
  /** Per-user limit; a user over it gets `reply` once per window instead of a run. */
  rateLimit: z
    .object({
      messages: z.int().min(1).max(10_000),
      perSeconds: z.int().min(1).max(86_400),
      reply: z.string().max(1000).default('You are sending messages too quickly. Please wait a moment and try again.'),
    })
    .optional(),
});
export type WakeRules = z.output<typeof WakeRules>;

export type Ignored =
  | 'own-message'
  | 'denied-user'
  | 'user-not-allowed'
  | 'denied-chat'
  | 'chat-not-allowed'
  | 'not-addressed'
  | 'empty';

export type WakeDecision =
  /** Run the flow with `text` (the bot's mention or the prefix taken off) and the command, if any. */
  | { wake: true; text: string; command?: Command; addressedBy: 'private' | 'mention' | 'reply' | 'prefix' | 'every-message' }
  | { wake: false; reason: Ignored }
  /** Over the rate limit: send `reply` (if not already sent in this window) and do not run. */
  | { wake: false; reason: 'rate-limited'; reply: string | undefined; retryAfterMs: number };

export interface BotIdentity {
  id: string;
  username?: string;
}

/** Counts a user's messages; the in-memory one serves one process, queue mode shares one in Redis. */
export interface RateLimiter {
  /** Records a message for `key`; says whether it fits in `limit` per `windowMs` and if the user was already told. */
  hit(key: string, limit: number, windowMs: number, now: number): Promise<{ allowed: boolean; retryAfterMs: number; firstRefusal: boolean }>;
}

/**
 * Decides whether a message wakes the flow. Lists first (a denied user is never answered, not even
 * with the rate-limit reply), then whether a group message addresses the bot, then the rate limit, so
 * group chatter that does not address the bot never counts against anyone.
 */
export async function decideWake(
  message: InboundChannelMessage,
  rules: WakeRules,
  bot: BotIdentity,
  limiter: RateLimiter,
  now: number = Date.now(),
  /** Whose limit it is: a channel id, so two bots on one platform count apart (default: the platform). */
  scope: string = message.platform,
): Promise<WakeDecision> {
  if (message.sender.id === bot.id) return { wake: false, reason: 'own-message' };
  if (rules.denyUsers.includes(message.sender.id)) return { wake: false, reason: 'denied-user' };
  if (rules.allowUsers.length > 0 && !rules.allowUsers.includes(message.sender.id)) return { wake: false, reason: 'user-not-allowed' };
  if (rules.denyChats.includes(message.chat.id)) return { wake: false, reason: 'denied-chat' };
  if (rules.allowChats.length > 0 && !rules.allowChats.includes(message.chat.id)) return { wake: false, reason: 'chat-not-allowed' };

  const addressed = addressing(message, rules, bot);
  if (!addressed) return { wake: false, reason: 'not-addressed' };
  if (addressed.text === '' && message.attachments.length === 0) return { wake: false, reason: 'empty' };

  if (rules.rateLimit) {
    const { messages, perSeconds, reply } = rules.rateLimit;
    const verdict = await limiter.hit(`${scope}:${message.sender.id}`, messages, perSeconds * 1000, now);
    if (!verdict.allowed) return { wake: false, reason: 'rate-limited', reply: verdict.firstRefusal ? reply : undefined, retryAfterMs: verdict.retryAfterMs };
  }
  const command = parseCommand(addressed.text, bot.username);
  return command ? { ...addressed, wake: true, command } : { ...addressed, wake: true };
}

function addressing(message: InboundChannelMessage, rules: WakeRules, bot: BotIdentity): { text: string; addressedBy: Extract<WakeDecision, { wake: true }>['addressedBy'] } | undefined {
  const text = message.text.trim();
  if (message.chat.kind === 'private') return { text, addressedBy: 'private' };
  const { groups } = rules;
  if (groups.mention && message.mentions.some((mention) => mention.isBot)) return { text: withoutMention(text, bot), addressedBy: 'mention' };
  if (groups.reply && message.replyTo?.fromBot === true) return { text, addressedBy: 'reply' };
  // A command meant for another bot in the same group is not for us, whatever else would wake us.
  if (/^\/\w+@\w+/.test(text) && parseCommand(text, bot.username) === undefined) return undefined;
  // `!ask` addresses the bot in "!ask where", not in "!askew"; the slash stays, as commands keep it.
  const prefix = groups.prefixes.find((candidate) => text.startsWith(candidate) && (candidate === '/' || text.length === candidate.length || /\s/.test(text.charAt(candidate.length))));
  if (prefix !== undefined) return { text: prefix === '/' ? text : text.slice(prefix.length).trim(), addressedBy: 'prefix' };
  if (groups.everyMessage) return { text, addressedBy: 'every-message' };
  return undefined;
}

/** Takes the bot's own mention out of the text (`@bot what time is it` → `what time is it`). */
function withoutMention(text: string, bot: BotIdentity): string {
  let result = text;
  if (bot.username !== undefined) result = result.replace(new RegExp(`@${escapeRegExp(bot.username)}\\b`, 'gi'), ' ');
  // Slack writes mentions as <@U123> in the text.
  result = result.split(`<@${bot.id}>`).join(' ');
  return result.replace(/\s+/g, ' ').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A sliding-window counter per key in this process. Old keys are dropped as they expire, so memory
 * stays bounded by the users active within one window.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #hits = new Map<string, { times: number[]; told: boolean; windowMs: number }>();
  #sweepAt = 0;

  hit(key: string, limit: number, windowMs: number, now: number): Promise<{ allowed: boolean; retryAfterMs: number; firstRefusal: boolean }> {
    this.#sweep(now, windowMs);
    const entry = this.#hits.get(key) ?? { times: [], told: false, windowMs };
    entry.windowMs = windowMs;
    this.#hits.set(key, entry);
    entry.times = entry.times.filter((time) => time > now - windowMs);
    if (entry.times.length < limit) {
      entry.times.push(now);
      entry.told = false;
      return Promise.resolve({ allowed: true, retryAfterMs: 0, firstRefusal: false });
    }
    const oldest = entry.times[0] ?? now;
    const firstRefusal = !entry.told;
    entry.told = true;
    return Promise.resolve({ allowed: false, retryAfterMs: Math.max(0, oldest + windowMs - now), firstRefusal });
  }

  #sweep(now: number, windowMs: number): void {
    if (now < this.#sweepAt) return;
    this.#sweepAt = now + windowMs;
    // Each entry expires by its own window: a long limit is not forgotten when a short one sweeps.
    for (const [key, entry] of this.#hits) if ((entry.times.at(-1) ?? 0) <= now - entry.windowMs) this.#hits.delete(key);
  }
}
