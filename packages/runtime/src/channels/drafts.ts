import type { LiveEvent } from '../service.ts';
import type { Draft } from './draft.ts';

/**
 * Whether this process may stream drafts for the turns it hands to the dispatcher. A draft only works
 * where the turn is also written (its commit finishes the draft), so:
 * - 'on': the inline dispatcher; set when the caller knows.
 * - 'off': never (queue mode's web tier: the worker writes the turn and sends the reply).
 * - 'learn': undecided; no drafts until a turn's commit is reported here before its result comes back
 *   (inline: then 'on'), or a result comes back with no commit seen (queue: then 'off').
 */
export type DraftMode = 'on' | 'off' | 'learn';

/** The drafts of the turns running now, by conversation key and inbound message id. */
export class DraftBook {
  #mode: DraftMode;
  readonly #drafts = new Map<string, Draft>();
  /** Turns handed to the dispatcher whose commit has not been reported yet. */
  readonly #awaiting = new Set<string>();
  readonly #log: (line: string) => void;

  constructor(mode: DraftMode, log: (line: string) => void) {
    this.#mode = mode;
    this.#log = log;
  }

  /**
   * A turn is about to be handed to the dispatcher; `make` builds its draft (undefined when the
   * channel cannot show one). Returns what the turn's live events go to.
   */
  starting(conversation: string, messageId: string | undefined, make: () => Draft | undefined): ((event: LiveEvent) => void) | undefined {
    const key = keyOf(conversation, messageId);
    if (key === undefined) return undefined;
    if (this.#mode === 'learn') this.#awaiting.add(key);
    return this.#mode === 'on' ? this.open(conversation, messageId, make) : undefined;
  }

  /** Starts a draft for a turn this process runs and writes itself (a queue worker's). */
  open(conversation: string, messageId: string | undefined, make: () => Draft | undefined): ((event: LiveEvent) => void) | undefined {
    const key = keyOf(conversation, messageId);
    if (key === undefined || this.#mode === 'off' || this.#drafts.has(key)) return undefined;
    const draft = make();
    if (!draft) return undefined;
    this.#drafts.set(key, draft);
    return draft.onEvent;
  }

  /** The turn was written: its draft, for the first reply to replace. */
  committed(conversation: string, messageId: string | undefined): Draft | undefined {
    const key = keyOf(conversation, messageId);
    if (key === undefined) return undefined;
    if (this.#awaiting.delete(key) && this.#mode === 'learn') this.#mode = 'on';
    const draft = this.#drafts.get(key);
    this.#drafts.delete(key);
    return draft;
  }

  /**
   * The dispatcher came back for a turn this process handed it. A draft no commit took is removed: the
   * turn failed, or it was written elsewhere, and then drafts are wrong here and are turned off.
   */
  returned(conversation: string, messageId: string | undefined, outcome: 'answered' | 'duplicate' | 'failed'): void {
    const key = keyOf(conversation, messageId);
    if (key === undefined) return;
    const uncommitted = this.#awaiting.delete(key);
    const draft = this.#drafts.get(key);
    if (draft) {
      this.#drafts.delete(key);
      void draft.discard();
    }
    if (outcome === 'answered' && (draft !== undefined || uncommitted) && this.#mode !== 'off') {
      this.#mode = 'off';
      this.#log('channels: the turns started here are written by another process (queue mode), so answers are not streamed into chats from here');
    }
  }

  /** A worker's turn ended without being written here (it failed, or another worker won): its draft goes. */
  settle(conversation: string, messageId: string | undefined): void {
    const key = keyOf(conversation, messageId);
    const draft = key === undefined ? undefined : this.#drafts.get(key);
    if (key === undefined || !draft) return;
    this.#drafts.delete(key);
    void draft.discard();
  }
}

function keyOf(conversation: string, messageId: string | undefined): string | undefined {
  return messageId === undefined ? undefined : `${conversation}\u0000${messageId}`;
}
