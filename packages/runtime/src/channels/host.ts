import {
  conversationKey,
  decideWake,
  deliveryKey,
  MemoryRateLimiter,
  parseConversationKey,
  WakeRules,
  type Attachment,
  type AttachmentKind,
  type BotIdentity,
  type ChannelAdapter,
  type ChannelContext,
  type ConversationAddress,
  type DownloadedFile,
  type HttpDelivery,
  type InboundChannelMessage,
  type RateLimiter,
  type ReplyTarget,
} from '@switchboard/channels';
import { chooseTrigger } from '@switchboard/compiler';
import type { CredentialsRepository } from '@switchboard/db';
import type { InboundEvent } from '@switchboard/flow-schema';
import { channelTriggerConfig, wakeRulesOf } from '@switchboard/nodes/server';
import { parseSecret } from '../credentials.ts';
import type { LoadedPlan } from '../plans.ts';
import { canDraft, Draft, type DraftTiming } from './draft.ts';
import { DraftBook } from './drafts.ts';
import type { DueReply, Outbox } from './outbox.ts';
import { SwitchboardError, type ChatRequest, type ChatResult, type LiveEvent } from '../service.ts';

/** A channel as stored: a platform connection bound (or not yet) to a flow. */
export interface ChannelRow {
  id: string;
  name: string;
  type: string;
  flowId: string | null;
  config: unknown;
  credentialId: string | null;
}

export type ChannelState = 'unbound' | 'starting' | 'listening' | 'connected' | 'disconnected' | 'error';

/** What the channels page shows: is it up, what came in last, what went wrong last. */
export interface ChannelStatus {
  state: ChannelState;
  bot?: BotIdentity;
  lastEventAt?: string;
  lastError?: string;
  lastErrorAt?: string;
}

/** A turn that has been written, as the dispatcher reports it: the host sends its replies. */
export interface CommittedTurn {
  conversation: { id: string; channel: string; externalId: string };
  event: InboundEvent;
  result: ChatResult;
}

export interface ChannelHostOptions {
  loadChannels(): Promise<ChannelRow[]>;
  loadChannel(id: string): Promise<ChannelRow | undefined>;
  credentials: CredentialsRepository;
  publishedPlan(flowId: string): Promise<LoadedPlan>;
  chat(flowId: string, request: ChatRequest, onEvent?: (event: LiveEvent) => void): Promise<ChatResult>;
  adapters: readonly ChannelAdapter[];
  /** The address platforms reach this server at, for webhooks (SWITCHBOARD_PUBLIC_URL). */
  publicUrl?: string;
  log: (line: string) => void;
  limiter?: RateLimiter;
  /**
   * Queue-mode workers only send the replies of the turns they run: no connections, no webhook
   * registration, and a channel is loaded when its first reply is due (and again after a while, so
   * changed credentials reach the workers).
   */
  sendOnly?: boolean;
  /** Replies owed to platforms: marked when sent, swept and tried again when a send failed or a process died. */
  outbox?: { store: Outbox; intervalMs?: number; retryMs?: number };
  /**
   * Show a model's streamed answer as a message that grows in place (platforms that can edit), turned
   * into the reply when the turn is written. Only works where the turns are written in this process:
   * true for the inline dispatcher (and queue workers), false for queue mode's web tier. Left out, the
   * host learns it from the first channel turn (inline: its commit is reported before its result comes
   * back) and streams from the turn after.
   */
  drafts?: boolean;
  /** When drafts first appear and how often they change (tests shorten it). */
  draftTiming?: DraftTiming;
}

/** How long a send-only host keeps a channel's loaded settings before reading them again. */
const SENDER_TTL_MS = 30_000;

interface Live {
  row: ChannelRow;
  adapter: ChannelAdapter;
  context: ChannelContext<unknown>;
  bot?: BotIdentity;
  listener?: AbortController;
  listening?: Promise<void>;
  status: ChannelStatus;
  loadedAt?: number;
}

const DEFAULT_RULES = WakeRules.parse({});
/** Rules that let nobody in: what a trigger whose rules cannot be read gets (fail closed). */
const CLOSED_RULES = WakeRules.parse({ allowUsers: ['\u0000no-one'] });
const ACCEPT_BUDGET_MS = 2500;
/** A reply not sent after this many tries is given up (and the channel's status says so). */
const MAX_SEND_ATTEMPTS = 10;
/** How long a sweeper holds a reply it took while sending it. */
const SWEEP_LEASE_MS = 60_000;
const MAX_FAILURES = 3;
const RECENT_LIMIT = 10_000;
const EMPTY_SCOPE = { message: {}, nodes: {}, vars: {} };

/** The channel's payload in a run's event: what the platform trigger and the reply target read. */
export interface ChannelPayload {
  channelId: string;
  message: InboundChannelMessage;
  command?: { name: string; args: string };
}

/**
 * Runs the channels of this process: verifies and parses platform deliveries, applies the wake rules,
 * hands messages to the dispatcher as chat requests (de-duplicated by platform message id), keeps
 * polling and socket connections up, and sends each committed turn's replies back to the platform.
 */
export class ChannelHost {
  readonly #options: ChannelHostOptions;
  readonly #live = new Map<string, Live>();
  /** Channels that could not start (bad config, missing credential), with the reason. */
  readonly #broken = new Map<string, ChannelStatus>();
  readonly #sending = new Map<string, Promise<void>>();
  readonly #limiter: RateLimiter;
  #closed = false;
  /** Starts and stops of each channel, one after another (two quick edits must not leave two pollers). */
  readonly #transitions = new Map<string, Promise<unknown>>();
  /** Messages accepted lately, so a platform's second copy (Slack's message + app_mention) is not counted again. */
  readonly #recent = new Set<string>();
  /** Failed attempts per message: a message that keeps failing is given up instead of stalling its channel. */
  readonly #failures = new Map<string, number>();
  #sweeper: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;
  /** Streamed drafts of the turns running now. */
  readonly #drafts: DraftBook;

  constructor(options: ChannelHostOptions) {
    this.#options = options;
    this.#limiter = options.limiter ?? new MemoryRateLimiter();
    this.#drafts = new DraftBook(options.drafts === undefined ? 'learn' : options.drafts ? 'on' : 'off', options.log);
  }

  /** Starts every channel bound to a flow. A channel that cannot start says why in its status. */
  async start(): Promise<void> {
    const outbox = this.#options.outbox;
    if (outbox) {
      this.#sweeper = setInterval(() => {
        this.#sweeping ??= this.sweep().catch((error: unknown) => {
          this.#options.log(`channel outbox: ${messageOf(error)}`);
        }).finally(() => { this.#sweeping = undefined; });
      }, outbox.intervalMs ?? 10_000);
      this.#sweeper.unref();
    }
    if (this.#options.sendOnly === true) return;
    const rows = await this.#options.loadChannels();
    await Promise.all(rows.map((row) => this.#serially(row.id, () => this.#activate(row))));
  }

  /** After a channel was created, changed or deleted: stops what ran and starts it as it is now. */
  async refresh(channelId: string): Promise<ChannelStatus | undefined> {
    return this.#serially(channelId, async () => {
      await this.#deactivate(channelId);
      const row = await this.#options.loadChannel(channelId);
      if (!row) return undefined;
      await this.#activate(row);
      return this.status(channelId);
    });
  }

  #serially<T>(channelId: string, step: () => Promise<T>): Promise<T> {
    const previous = this.#transitions.get(channelId) ?? Promise.resolve();
    const next = previous.then(step, step);
    this.#transitions.set(channelId, next);
    void next.finally(() => {
      if (this.#transitions.get(channelId) === next) this.#transitions.delete(channelId);
    }).catch(() => undefined);
    return next;
  }

  status(channelId: string): ChannelStatus {
    return this.#live.get(channelId)?.status ?? this.#broken.get(channelId) ?? { state: 'unbound' };
  }

  /** Checks a channel's credentials with the platform: who the bot is. */
  async test(channelId: string): Promise<BotIdentity> {
    const live = this.#live.get(channelId) ?? (await this.#prepare(await this.#row(channelId)));
    try {
      const bot = await live.adapter.identify(live.context);
      live.bot = bot;
      live.status.bot = bot;
      return bot;
    } catch (error) {
      throw new SwitchboardError(502, 'channel_test_failed', `${live.row.type} refused the credentials: ${messageOf(error)}`);
    }
  }

  /** A platform's HTTP delivery to a channel's webhook. Refusals record nothing. */
  async receive(channelId: string, delivery: HttpDelivery): Promise<{ status: number; body: unknown }> {
    if (this.#closed) return { status: 503, body: { error: { code: 'shutting_down', message: 'this server is stopping: deliver again shortly' } } };
    const live = this.#live.get(channelId);
    if (!live?.adapter.receive) {
      const broken = this.#broken.get(channelId);
      if (broken) return { status: 503, body: { error: { code: 'channel_unavailable', message: `the channel is not running: ${broken.lastError ?? 'unknown reason'}` } } };
      return { status: 404, body: { error: { code: 'not_found', message: `no channel ${channelId} takes webhook deliveries here` } } };
    }
    const bot = await this.#bot(live);
    const result = await live.adapter.receive(live.context, bot, delivery);
    if (result.kind === 'refuse') {
      this.#options.log(`channel ${live.row.name}: refused a delivery (${result.reason})`);
      return { status: result.status, body: { error: { code: 'refused', message: result.reason } } };
    }
    if (result.kind === 'answer') return { status: result.status, body: result.body };
    await this.#deliver(live, result.messages);
    return result.answer ?? { status: 200, body: {} };
  }

  /**
   * A message to a channel whose HTTP request is the delivery and whose answer carries the replies
   * (the web chat): the trigger's wake rules and rate limit apply as to any platform message, the
   * turn's events go to `onEvent` as it runs, and its result comes back. A message the rules turn away
   * is refused with a SwitchboardError that says why (429 when over the rate limit).
   */
  async converse(channelId: string, message: InboundChannelMessage, onEvent?: (event: LiveEvent) => void): Promise<ChatResult> {
    const live = this.#live.get(channelId);
    const row = live?.row ?? (await this.#options.loadChannel(channelId));
    if (row?.type !== message.platform) throw new SwitchboardError(404, 'not_found', `no ${message.platform} channel ${channelId}`);
    if (row.flowId === null) throw new SwitchboardError(409, 'channel_unbound', `channel ${row.name} is not bound to a flow yet`);
    if (!live) throw new SwitchboardError(503, 'channel_unavailable', `channel ${row.name} is not running: ${this.status(channelId).lastError ?? 'it is starting'}`);
    const flowId = row.flowId;
    live.status.lastEventAt = new Date().toISOString();
    const loaded = await this.#options.publishedPlan(flowId);
    const rules = rulesFor(loaded, live.adapter.type, this.#options.log);
    const decision = await decideWake(message, rules, await this.#bot(live), this.#limiter, Date.now(), channelId);
    if (!decision.wake) {
      switch (decision.reason) {
        case 'rate-limited':
          throw new SwitchboardError(429, 'rate_limited', rules.rateLimit?.reply ?? 'too many messages: wait a moment', { retryAfterMs: decision.retryAfterMs });
        case 'empty':
          throw new SwitchboardError(400, 'empty_message', 'write something first');
        case 'own-message':
        case 'denied-user':
        case 'user-not-allowed':
        case 'denied-chat':
        case 'chat-not-allowed':
        case 'not-addressed':
          throw new SwitchboardError(403, 'not_allowed', `this chat does not take your messages (${decision.reason})`);
      }
    }
    const payload: ChannelPayload = { channelId, message };
    if (decision.command) payload.command = decision.command;
    const request: ChatRequest = {
      conversationId: conversationKey(channelId, message),
      messageId: deliveryKey(message),
      userId: message.sender.id,
      channel: live.adapter.type,
      kind: 'message',
      text: decision.text,
      payload,
    };
    return this.#options.chat(flowId, request, onEvent);
  }

  /** The dispatcher calls this after each written turn; replies of channel conversations go out. */
  onCommitted(turn: CommittedTurn): void {
    const draft = this.#drafts.committed(turn.conversation.externalId, turn.event.messageId);
    const address = parseConversationKey(turn.conversation.externalId);
    if (!address || turn.result.replies.length === 0) {
      if (draft) void draft.discard();
      return;
    }
    const target = replyTarget(address, answeredMessageId(turn.event.payload));
    // One conversation's replies go out in order; other conversations do not wait for them.
    const conversationId = turn.conversation.id;
    const previous = this.#sending.get(conversationId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const live = await this.#sender(address.channelId);
      if (live?.adapter.type !== turn.conversation.channel) {
        await draft?.discard();
        return;
      }
      const replies = turn.result.replies;
      for (const [index, reply] of replies.entries()) {
        try {
          // The first reply replaces the streamed draft where it can; otherwise it is sent as usual.
          const edited = index === 0 && draft !== undefined && (await draft.finish(reply));
          if (!edited) await live.adapter.send(live.context, target, reply);
          await this.#options.outbox?.store.delivered([reply.id]);
        } catch (error) {
          // This reply and the ones after it wait for the sweeper, so they still arrive in order.
          this.#failed(live, `could not send a reply (will try again): ${messageOf(error)}`);
          await this.#options.outbox?.store.failed(replies.slice(index).map((later) => later.id), messageOf(error), new Date(Date.now() + this.#retryMs(1)));
          return;
        }
      }
    }).catch((error: unknown) => {
      this.#options.log(`channel outbox: ${messageOf(error)}`);
    });
    this.#sending.set(conversationId, next);
    void next.finally(() => {
      if (this.#sending.get(conversationId) === next) this.#sending.delete(conversationId);
    });
  }

  /**
   * The bytes of a file a channel's message carried, fetched from its platform (for nodes that read
   * photos, voice notes, documents). Errors say which channel and what to do.
   */
  async download(channelId: string, file: FileRequest, signal?: AbortSignal): Promise<DownloadedFile> {
    const attachment = attachmentOf(file);
    const live = await this.#sender(channelId);
    if (!live) {
      const reason = this.#broken.get(channelId)?.lastError;
      throw new SwitchboardError(503, 'channel_unavailable', `channel ${channelId} is not running here, so its files cannot be fetched: ${reason ?? 'it was deleted, or its settings or credential cannot be loaded (see the channels page)'}`);
    }
    if (!live.adapter.download) {
      throw new SwitchboardError(422, 'download_unsupported', `channel ${live.row.name} is a ${live.row.type} channel, which cannot fetch message files: read the attachment's data from the message itself`);
    }
    try {
      return await live.adapter.download(live.context, attachment, signal);
    } catch (error) {
      throw new SwitchboardError(502, 'download_failed', `channel ${live.row.name} could not fetch the ${attachment.kind}: ${messageOf(error)}`);
    }
  }

  /**
   * Sends the replies the outbox holds that are due: those whose live send failed, and those of a
   * process that died before sending. Each conversation's go in order, after anything it is sending.
   */
  async sweep(): Promise<void> {
    const outbox = this.#options.outbox;
    if (!outbox) return;
    const due = await outbox.store.claim(50, SWEEP_LEASE_MS);
    const byConversation = new Map<string, DueReply[]>();
    for (const reply of due) byConversation.set(reply.conversationId, [...(byConversation.get(reply.conversationId) ?? []), reply]);
    await Promise.all(
      [...byConversation].map(([conversationId, replies]) => {
        const previous = this.#sending.get(conversationId) ?? Promise.resolve();
        const next = previous.then(() => this.#resend(outbox.store, replies)).catch((error: unknown) => {
          this.#options.log(`channel outbox: ${messageOf(error)}`);
        });
        this.#sending.set(conversationId, next);
        void next.finally(() => {
          if (this.#sending.get(conversationId) === next) this.#sending.delete(conversationId);
        });
        return next;
      }),
    );
  }

  async #resend(store: Outbox, replies: readonly DueReply[]): Promise<void> {
    for (const [index, reply] of replies.entries()) {
      const address = parseConversationKey(reply.externalId);
      const live = address ? await this.#sender(address.channelId) : undefined;
      if (!address || live?.adapter.type !== reply.channel) {
        await store.failed([reply.messageId], 'its channel is not running', new Date(Date.now() + this.#retryMs(reply.attempts)));
        if (reply.attempts >= MAX_SEND_ATTEMPTS) await store.delivered([reply.messageId]);
        continue;
      }
      const target: ReplyTarget = { chatId: address.chatId, chatKind: address.chatKind };
      if (address.threadId !== undefined) target.threadId = address.threadId;
      if (reply.answering !== null) target.replyToMessageId = reply.answering;
      // The stored id goes along, as on the live path, so a receiver can drop a copy it already has.
      const message = { id: reply.messageId, text: reply.text, ...(reply.data === null ? {} : { data: reply.data }) };
      try {
        await live.adapter.send(live.context, target, message);
        await store.delivered([reply.messageId]);
      } catch (error) {
        if (reply.attempts >= MAX_SEND_ATTEMPTS) {
          this.#failed(live, `gave up on a reply after ${reply.attempts} tries: ${messageOf(error)}`);
          await store.delivered([reply.messageId]);
          continue;
        }
        this.#failed(live, `could not send a reply (try ${reply.attempts}, will try again): ${messageOf(error)}`);
        await store.failed(replies.slice(index).map((later) => later.messageId), messageOf(error), new Date(Date.now() + this.#retryMs(reply.attempts)));
        return;
      }
    }
  }

  /** Backoff before try `attempts + 1`: doubling from retryMs (5 s), at most 10 minutes. */
  #retryMs(attempts: number): number {
    return Math.min((this.#options.outbox?.retryMs ?? 5000) * 2 ** Math.max(0, attempts - 1), 600_000);
  }

  /** The running channel to send through; a send-only host loads it on demand. */
  async #sender(channelId: string): Promise<Live | undefined> {
    const live = this.#live.get(channelId);
    // A channel being restarted (an edit) is not in the map for a moment: load it to send anyway.
    if (this.#options.sendOnly !== true && live) return live;
    if (live?.loadedAt !== undefined && Date.now() - live.loadedAt < SENDER_TTL_MS) return live;
    const row = await this.#options.loadChannel(channelId);
    if (!row) {
      this.#live.delete(channelId);
      return undefined;
    }
    try {
      const fresh = await this.#prepare(row);
      fresh.loadedAt = Date.now();
      if (this.#options.sendOnly === true) this.#live.set(channelId, fresh);
      return fresh;
    } catch (error) {
      this.#options.log(`channel ${row.name}: cannot send replies (${messageOf(error)})`);
      return undefined;
    }
  }

  /** Waits for replies being sent (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#sending.size > 0) await Promise.all(this.#sending.values());
  }

  /**
   * Stops taking messages: listeners end, webhook deliveries get 503. The channels stay loaded, so the
   * replies of turns still finishing are sent (`idle`).
   */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    await this.#sweeping;
    await Promise.all([...this.#transitions.values()].map((step) => step.catch(() => undefined)));
    for (const live of this.#live.values()) live.listener?.abort();
    await Promise.all([...this.#live.values()].map((live) => live.listening ?? Promise.resolve()));
    await this.idle();
  }

  async #row(channelId: string): Promise<ChannelRow> {
    const row = await this.#options.loadChannel(channelId);
    if (!row) throw new SwitchboardError(404, 'not_found', `no channel ${channelId}`);
    return row;
  }

  async #prepare(row: ChannelRow): Promise<Live> {
    const adapter = this.#options.adapters.find((candidate) => candidate.type === row.type);
    if (!adapter) throw new SwitchboardError(422, 'unknown_channel_type', `channel ${row.name} is of type ${row.type}, which this server does not know`);
    const config = adapter.config.safeParse(row.config ?? {});
    if (!config.success) throw new SwitchboardError(422, 'invalid_channel_config', `channel ${row.name} has an invalid config: ${config.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ')}`);
    // An adapter without a credential type (the web chat) has no secrets to load.
    const credential = adapter.credentialType === '' ? undefined : await this.#credential(row, adapter);
    const context: ChannelContext<unknown> = {
      channelId: row.id,
      config: config.data,
      secret: credential ? parseSecret(credential.id, credential.secret) : {},
      log: {
        info: (line) => { this.#options.log(`channel ${row.name}: ${line}`); },
        warn: (line) => { this.#options.log(`channel ${row.name}: ${line}`); },
      },
    };
    if (this.#options.publicUrl !== undefined) context.webhookUrl = `${this.#options.publicUrl.replace(/\/+$/, '')}/api/v1/channels/${row.id}/webhook`;
    return { row, adapter, context, status: { state: 'starting' } };
  }

  async #credential(row: ChannelRow, adapter: ChannelAdapter): Promise<{ id: string; secret: string }> {
    if (row.credentialId === null) throw new SwitchboardError(422, 'credential_missing', `channel ${row.name} has no credential: choose one with the ${adapter.credentialType} secrets`);
    const credential = await this.#options.credentials.get(row.credentialId);
    if (!credential) throw new SwitchboardError(422, 'credential_missing', `the credential of channel ${row.name} no longer exists: choose another`);
    return credential;
  }

  async #activate(row: ChannelRow): Promise<void> {
    if (this.#closed || row.flowId === null) return;
    let live: Live;
    try {
      live = await this.#prepare(row);
    } catch (error) {
      this.#broken.set(row.id, { state: 'error', lastError: messageOf(error), lastErrorAt: new Date().toISOString() });
      this.#options.log(`channel ${row.name}: cannot start (${messageOf(error)})`);
      return;
    }
    this.#live.set(row.id, live);
    try {
      live.bot = await live.adapter.identify(live.context);
      live.status.bot = live.bot;
      if (live.adapter.bind) await live.adapter.bind(live.context);
    } catch (error) {
      this.#failed(live, messageOf(error));
      return;
    }
    // Closed, or replaced by a newer start, while the platform answered: this one must not listen.
    if (this.#isClosed() || this.#live.get(row.id) !== live) return;
    const { adapter } = live;
    if (!adapter.listen || !adapter.connects?.(live.context.config)) {
      live.status.state = 'listening';
      return;
    }
    const controller = new AbortController();
    live.listener = controller;
    const bot = live.bot;
    live.listening = adapter.listen(live.context, bot, {
      deliver: (messages) => this.#deliver(live, messages),
      connected: () => {
        live.status.state = 'connected';
        this.#options.log(`channel ${row.name}: connected`);
      },
      disconnected: (reason) => {
        live.status.state = 'disconnected';
        live.status.lastError = reason;
        live.status.lastErrorAt = new Date().toISOString();
        this.#options.log(`channel ${row.name}: connection lost (${reason}); reconnecting`);
      },
    }, controller.signal).catch((error: unknown) => {
      this.#failed(live, `the connection stopped: ${messageOf(error)}`);
    });
  }

  async #deactivate(channelId: string): Promise<void> {
    this.#broken.delete(channelId);
    const live = this.#live.get(channelId);
    if (!live) return;
    this.#live.delete(channelId);
    live.listener?.abort();
    await live.listening;
  }

  async #bot(live: Live): Promise<BotIdentity> {
    if (live.bot) return live.bot;
    live.bot = await live.adapter.identify(live.context);
    live.status.bot = live.bot;
    return live.bot;
  }

  /**
   * Hands messages to the flow. Messages of one conversation go in order; different conversations in
   * parallel. Resolves once every message is recorded (and, inline, answered), so a platform cursor or
   * an acknowledgement may move past them.
   */
  async #deliver(live: Live, messages: readonly InboundChannelMessage[]): Promise<void> {
    const byConversation = new Map<string, InboundChannelMessage[]>();
    for (const message of messages) {
      const key = conversationKey(live.row.id, message);
      byConversation.set(key, [...(byConversation.get(key) ?? []), message]);
    }
    await Promise.all(
      [...byConversation].map(async ([key, group]) => {
        for (const message of group) await this.#acceptWithin(live, key, message);
      }),
    );
  }

  /**
   * Accepts a message, waiting at most ACCEPT_BUDGET_MS: platforms want an answer within seconds
   * (Slack: 3 s) and one slow turn must not hold a polling bot's other chats. The turn goes on in the
   * background; its replies are sent when it is written. A message that fails three times is given up
   * and recorded in the channel's status rather than blocking the channel for ever.
   */
  async #acceptWithin(live: Live, key: string, message: InboundChannelMessage): Promise<void> {
    const id = `${live.row.id}:${deliveryKey(message)}`;
    if (this.#recent.has(id)) return;
    const accepting = this.#accept(live, key, message).then(
      () => {
        this.#remember(id);
        this.#failures.delete(id);
      },
      (error: unknown) => {
        const failures = (this.#failures.get(id) ?? 0) + 1;
        if (failures < MAX_FAILURES) {
          this.#failures.set(id, failures);
          throw error;
        }
        this.#failures.delete(id);
        this.#remember(id);
        this.#failed(live, `gave up on message ${message.messageId} after ${failures} attempts: ${messageOf(error)}`);
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ACCEPT_BUDGET_MS);
    });
    try {
      await Promise.race([accepting, budget]);
    } finally {
      clearTimeout(timer);
    }
    // Past the budget, a later failure is only logged: the platform has moved on.
    accepting.catch((error: unknown) => {
      this.#failed(live, `a message failed after it was acknowledged: ${messageOf(error)}`);
    });
  }

  #isClosed(): boolean {
    return this.#closed;
  }

  #remember(id: string): void {
    this.#recent.add(id);
    if (this.#recent.size > RECENT_LIMIT) {
      const oldest = this.#recent.values().next();
      if (oldest.done !== true) this.#recent.delete(oldest.value);
    }
  }

  async #accept(live: Live, key: string, message: InboundChannelMessage): Promise<void> {
    const flowId = live.row.flowId;
    if (flowId === null) return;
    live.status.lastEventAt = new Date().toISOString();
    const bot = await this.#bot(live);
    let loaded: LoadedPlan;
    try {
      loaded = await this.#options.publishedPlan(flowId);
    } catch (error) {
      if (!permanent(error)) throw error;
      this.#failed(live, messageOf(error));
      return;
    }
    const decision = await decideWake(message, rulesFor(loaded, live.adapter.type, this.#options.log), bot, this.#limiter, Date.now(), live.row.id);
    if (!decision.wake) {
      if (decision.reason === 'rate-limited' && decision.reply !== undefined) {
        const target: ReplyTarget = { chatId: message.chat.id, chatKind: message.chat.kind, replyToMessageId: message.messageId };
        if (message.threadId !== undefined) target.threadId = message.threadId;
        await live.adapter.send(live.context, target, { text: decision.reply }).catch((error: unknown) => {
          this.#failed(live, `could not send the rate-limit reply: ${messageOf(error)}`);
        });
      }
      return;
    }
    const payload: ChannelPayload = { channelId: live.row.id, message };
    if (decision.command) payload.command = decision.command;
    const request: ChatRequest = {
      conversationId: key,
      messageId: deliveryKey(message),
      userId: message.sender.id,
      channel: live.adapter.type,
      kind: 'message',
      text: decision.text,
      payload,
    };
    // "typing…" while the turn runs, where the platform shows it; it is a courtesy, never a failure.
    if (live.adapter.typing && live.adapter.capabilities.typing) {
      const target: ReplyTarget = { chatId: message.chat.id, chatKind: message.chat.kind };
      if (message.threadId !== undefined) target.threadId = message.threadId;
      live.adapter.typing(live.context, target).catch(() => undefined);
    }
    const target: ReplyTarget = { chatId: message.chat.id, chatKind: message.chat.kind, replyToMessageId: message.messageId };
    if (message.threadId !== undefined) target.threadId = message.threadId;
    const onEvent = this.#drafts.starting(key, request.messageId, () => this.#newDraft(live, target));
    let result: ChatResult;
    try {
      result = await this.#options.chat(flowId, request, onEvent);
    } catch (error) {
      this.#drafts.returned(key, request.messageId, 'failed');
      // A flow that cannot take the message (unpublished, no trigger, bad input) will not take it on a
      // redelivery either: record why and let the platform move on. Anything else is worth a retry.
      if (!permanent(error)) throw error;
      this.#failed(live, messageOf(error));
      return;
    }
    this.#drafts.returned(key, request.messageId, result.duplicate ? 'duplicate' : 'answered');
  }

  /**
   * Queue workers: what a channel turn's live events go to, so its streamed answer shows as a draft that
   * this host's `onCommitted` turns into the reply. `settleDraft` after the turn, written or not.
   */
  async draftFor(conversation: { channel: string; externalId: string }, event: InboundEvent): Promise<((event: LiveEvent) => void) | undefined> {
    const address = parseConversationKey(conversation.externalId);
    if (event.kind !== 'message' || event.messageId === undefined || !address) return undefined;
    const live = await this.#sender(address.channelId);
    if (live?.adapter.type !== conversation.channel) return undefined;
    const target = replyTarget(address, answeredMessageId(event.payload));
    return this.#drafts.open(conversation.externalId, event.messageId, () => this.#newDraft(live, target));
  }

  /** A worker's turn is over: a draft its commit did not take (it failed, or was not written) is removed. */
  settleDraft(conversation: { externalId: string }, event: InboundEvent): void {
    this.#drafts.settle(conversation.externalId, event.messageId);
  }

  #newDraft(live: Live, target: ReplyTarget): Draft | undefined {
    if (!canDraft(live.adapter)) return undefined;
    return new Draft(live.adapter, live.context, target, (line) => { this.#options.log(`channel ${live.row.name}: ${line}`); }, this.#options.draftTiming);
  }

  #failed(live: Live, reason: string): void {
    live.status.lastError = reason;
    live.status.lastErrorAt = new Date().toISOString();
    if (live.status.state === 'starting') live.status.state = 'error';
    this.#options.log(`channel ${live.row.name}: ${reason}`);
  }
}

/** The wake rules of the trigger a channel's messages start: a platform trigger's own, or the defaults. */
export function rulesFor(loaded: LoadedPlan, channel: string, log?: (line: string) => void): WakeRules {
  const triggerId = chooseTrigger(loaded.plan, 'message', channel);
  const node = triggerId === undefined ? undefined : loaded.plan.nodes.get(triggerId);
  if (!node?.definition.trigger?.channels) return DEFAULT_RULES;
  // Wake rules are fixed settings: an expression in them (evaluated here with no message) or a config
  // that does not parse must not open the bot to everyone.
  const resolved = node.dynamicConfig ? undefined : node.resolveConfig(EMPTY_SCOPE);
  const config = resolved?.ok === true ? channelTriggerConfig.safeParse(resolved.config) : undefined;
  if (config?.success === true) return wakeRulesOf(config.data);
  log?.(`trigger ${node.id} of flow version ${loaded.versionId}: its wake rules cannot be read (no expressions allowed there); answering no one until it is fixed`);
  return CLOSED_RULES;
}

/** A file as a node names it: an attachment of a channel message, whose kind is read loosely. */
export interface FileRequest {
  kind: string;
  ref: string;
  name?: string;
  mimeType?: string;
  sizeBytes?: number;
}

const ATTACHMENT_KINDS: readonly AttachmentKind[] = ['image', 'file', 'audio', 'voice', 'video'];

function attachmentOf(file: FileRequest): Attachment {
  const attachment: Attachment = { kind: ATTACHMENT_KINDS.find((kind) => kind === file.kind) ?? 'file', ref: file.ref };
  if (file.name !== undefined) attachment.name = file.name;
  if (file.mimeType !== undefined) attachment.mimeType = file.mimeType;
  if (file.sizeBytes !== undefined) attachment.sizeBytes = file.sizeBytes;
  return attachment;
}

/** Where a conversation's replies go. */
function replyTarget(address: ConversationAddress, answering: string | undefined): ReplyTarget {
  const target: ReplyTarget = { chatId: address.chatId, chatKind: address.chatKind };
  if (address.threadId !== undefined) target.threadId = address.threadId;
  if (answering !== undefined) target.replyToMessageId = answering;
  return target;
}

/** The platform id of the message a turn answers (absent for timer turns). */
function answeredMessageId(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || !('message' in payload)) return undefined;
  const { message } = payload;
  if (typeof message !== 'object' || message === null || !('messageId' in message)) return undefined;
  return typeof message.messageId === 'string' ? message.messageId : undefined;
}

function permanent(error: unknown): boolean {
  return error instanceof SwitchboardError && error.status < 500;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
