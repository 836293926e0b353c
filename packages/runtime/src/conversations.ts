import type { Pool } from 'pg';
import { emptyConversationState } from '@switchboard/engine';
import { newId } from '@switchboard/flow-schema';
import type { ConversationState } from '@switchboard/engine';
import type { ChatResult } from './service.ts';

/** What is stored in conversations.state: the engine's state plus the version a waiting run belongs to. */
export interface StoredState extends ConversationState {
  versionId?: string;
}

export interface LiveConversation {
  readonly key: string;
  readonly id: string;
  readonly flowId: string;
  readonly channel: string;
  readonly externalId: string;
  userId: string | null;
  state: StoredState;
  /** Turns committed so far (conversations.turn_seq). */
  turnSeq: number;
  /** Answers to recent message ids, for de-duplicating redeliveries without a query. */
  readonly recent: Map<string, ChatResult>;
  /** Older message ids may exist only in the database: loaded from it, or `recent` overflowed. */
  mayHaveStoredIds: boolean;
  /** Set while a delay is pending: resolves when the delayed run has finished. */
  delay: { until: number; done: Promise<void>; release: () => void; timer: NodeJS.Timeout | undefined; failures: number } | undefined;
}

const RECENT_IDS = 16;

export function isState(value: unknown): value is StoredState {
  return typeof value === 'object' && value !== null && 'vars' in value && 'memory' in value && Array.isArray(value.memory);
}

export function conversationKey(flowId: string, channel: string, externalId: string): string {
  return `${flowId}\u0000${channel}\u0000${externalId}`;
}

/**
 * Conversations this process is working with, kept in memory (bounded, least recently used out).
 * In embedded mode this process is the only writer, so the cached state is the truth and a turn needs
 * no read; a miss reads the row once.
 */
export class ConversationCache {
  private readonly entries = new Map<string, LiveConversation>();
  /** Conversations parked on a delay: outside the LRU, since their timer must find them again. */
  private readonly parked = new Map<string, LiveConversation>();
  private readonly pool: Pool;
  private readonly capacity: number;
  private readonly busy: (key: string) => boolean;

  /** `busy` tells whether a key has a turn queued or running; such entries are never evicted. */
  constructor(pool: Pool, busy: (key: string) => boolean, capacity = 10_000) {
    this.pool = pool;
    this.busy = busy;
    this.capacity = capacity;
  }

  peek(key: string): LiveConversation | undefined {
    return this.parked.get(key) ?? this.entries.get(key);
  }

  async get(flowId: string, channel: string, externalId: string): Promise<LiveConversation> {
    const key = conversationKey(flowId, channel, externalId);
    const parked = this.parked.get(key);
    if (parked) return parked;
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const result = await this.pool.query<{ id: string; user_id: string | null; state: unknown; turn_seq: number }>(
      'SELECT id, user_id, state, turn_seq FROM conversations WHERE flow_id = $1 AND channel = $2 AND external_id = $3',
      [flowId, channel, externalId],
    );
    const row = result.rows[0];
    const conversation: LiveConversation = {
      key,
      id: row?.id ?? newId(),
      flowId,
      channel,
      externalId,
      userId: row?.user_id ?? null,
      state: row && isState(row.state) ? row.state : emptyConversationState(),
      turnSeq: row?.turn_seq ?? 0,
      recent: new Map(),
      mayHaveStoredIds: row !== undefined,
      delay: undefined,
    };
    this.entries.set(key, conversation);
    this.evict(key);
    return conversation;
  }

  /** Least recently used first; never the entry just added, and never one with a turn in flight. */
  private evict(keep: string): void {
    if (this.entries.size <= this.capacity) return;
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      if (key !== keep && !this.busy(key)) this.entries.delete(key);
    }
  }

  park(conversation: LiveConversation): void {
    this.entries.delete(conversation.key);
    this.parked.set(conversation.key, conversation);
  }

  unpark(conversation: LiveConversation): void {
    if (this.parked.get(conversation.key) !== conversation) return;
    this.parked.delete(conversation.key);
    this.entries.set(conversation.key, conversation);
    this.evict(conversation.key);
  }

  /** Drops a conversation whose stored row another process has changed; the next turn reads it again. */
  forget(conversation: LiveConversation): void {
    if (this.entries.get(conversation.key) === conversation) this.entries.delete(conversation.key);
  }

  allParked(): LiveConversation[] {
    return [...this.parked.values()];
  }

  remember(conversation: LiveConversation, messageId: string, result: ChatResult): void {
    conversation.recent.set(messageId, result);
    if (conversation.recent.size > RECENT_IDS) {
      const oldest = conversation.recent.keys().next();
      if (!oldest.done) conversation.recent.delete(oldest.value);
      conversation.mayHaveStoredIds = true;
    }
  }

  clear(): void {
    this.entries.clear();
    this.parked.clear();
  }
}
