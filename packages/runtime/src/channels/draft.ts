import { outboundExtras, splitMessage, type ChannelAdapter, type ChannelContext, type ReplyTarget, type SentMessage } from '@switchboard/channels';
import type { OutboundMessage } from '@switchboard/flow-schema';
import type { LiveEvent } from '../service.ts';

/** When a draft first appears, and how often it may change after that (Telegram limits edits). */
export interface DraftTiming {
  /** Show the draft once this many characters have streamed … */
  firstChars: number;
  /** … or this long after the first token, whichever comes first. */
  firstMs: number;
  /** At most one edit per this many ms. */
  editMs: number;
}

export const DRAFT_TIMING: DraftTiming = { firstChars: 20, firstMs: 700, editMs: 1000 };

/** Marks a draft as still being written. */
const CURSOR = ' ▍';

/** An adapter that can grow a message in place. */
export type EditingAdapter = ChannelAdapter & { edit: NonNullable<ChannelAdapter['edit']> };

export function canDraft(adapter: ChannelAdapter): adapter is EditingAdapter {
  return adapter.capabilities.editInPlace && adapter.edit !== undefined;
}

/**
 * A model's streamed answer shown in a platform chat while the turn runs: sent as a message once the
 * first words are in, then edited as more arrive (at most once per `editMs`, never to the same text).
 * Only the first node that streams in the turn is shown; later ones (a second model call, a summary)
 * would overwrite it. Failures only stop the draft: the reply itself goes out through the normal send.
 */
export class Draft {
  readonly #adapter: EditingAdapter;
  readonly #context: ChannelContext<unknown>;
  readonly #target: ReplyTarget;
  readonly #timing: DraftTiming;
  readonly #log: (line: string) => void;
  /** Cancels a draft edit's wait for a 429 when the final reply is ready. */
  readonly #abort = new AbortController();
  #nodeId: string | undefined;
  #text = '';
  #message: SentMessage | undefined;
  #shown: string | undefined;
  #lastAt = 0;
  #timer: NodeJS.Timeout | undefined;
  /** An update is being sent; it schedules the next one when done. */
  #running = false;
  /** Draft updates, one after another; the final edit waits for them. */
  #work: Promise<void> = Promise.resolve();
  /** Too long for one message, or the platform refused: no more draft updates. */
  #frozen = false;
  #finished = false;

  constructor(adapter: EditingAdapter, context: ChannelContext<unknown>, target: ReplyTarget, log: (line: string) => void, timing: DraftTiming = DRAFT_TIMING) {
    this.#adapter = adapter;
    this.#context = context;
    this.#target = target;
    this.#timing = timing;
    this.#log = log;
  }

  /** True once a draft message exists on the platform. */
  get shown(): boolean {
    return this.#message !== undefined;
  }

  /** The turn's live events; only tokens matter here. */
  readonly onEvent = (event: LiveEvent): void => {
    // A node whose text does not go on to a reply (a classifier, a summary) is not the answer.
    if (event.type !== 'token' || event.replied === false || this.#finished || this.#frozen) return;
    this.#nodeId ??= event.nodeId;
    if (event.nodeId !== this.#nodeId) return;
    this.#text += event.text;
    this.#schedule();
  };

  #schedule(): void {
    if (this.#running) return;
    const early = this.#message === undefined && this.#text.length >= this.#timing.firstChars;
    if (this.#timer !== undefined && !early) return;
    clearTimeout(this.#timer);
    const delay = this.#message === undefined
      ? (early ? 0 : this.#timing.firstMs)
      : Math.max(0, this.#lastAt + this.#timing.editMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = true;
      this.#work = this.#work.then(() => this.#update()).finally(() => {
        this.#running = false;
        if (!this.#finished && !this.#frozen && this.#display() !== this.#shown) this.#schedule();
      });
    }, delay);
  }

  #display(): string {
    return `${this.#text.trimEnd()}${CURSOR}`;
  }

  async #update(): Promise<void> {
    if (this.#finished || this.#frozen) return;
    const text = this.#display();
    if (text === this.#shown || this.#text.trim() === '') return;
    const { dialect, maxTextLength } = this.#adapter.capabilities;
    if (splitMessage(text, dialect, maxTextLength).length > 1) {
      // The final reply is split by the normal send; the draft stops where one message ends.
      this.#frozen = true;
      return;
    }
    try {
      if (this.#message === undefined) {
        const [sent] = await this.#adapter.send(this.#context, this.#target, { text }, this.#abort.signal);
        this.#message = sent;
        if (sent === undefined) this.#frozen = true;
      } else {
        await this.#adapter.edit(this.#context, this.#target, this.#message, text, this.#abort.signal);
      }
      this.#shown = text;
    } catch (error) {
      this.#frozen = true;
      if (!this.#abort.signal.aborted) this.#log(`could not update a streamed draft (the reply will still be sent): ${messageOf(error)}`);
    } finally {
      // Counted from the platform's answer, so a slow call does not bring the next one closer.
      this.#lastAt = Date.now();
    }
  }

  /**
   * The turn is written: the draft becomes its first reply when that is plain text that fits in one
   * message (true: delivered). Otherwise, or when the edit fails, the draft is removed and the reply is
   * left to the normal send (false). Without a reply the draft is removed.
   */
  async finish(reply: OutboundMessage | undefined): Promise<boolean> {
    this.#stop();
    await this.#work;
    const message = this.#message;
    if (message === undefined) return false;
    if (reply !== undefined && this.#fitsInPlace(reply)) {
      try {
        await this.#adapter.edit(this.#context, this.#target, message, reply.text);
        return true;
      } catch (error) {
        this.#log(`could not turn the streamed draft into the reply (sending it instead): ${messageOf(error)}`);
      }
    }
    await this.discard();
    return false;
  }

  /** The turn failed or answered nothing: the half-written draft goes (or, where it cannot be deleted, loses its cursor). */
  async discard(): Promise<void> {
    this.#stop();
    await this.#work;
    const message = this.#message;
    if (message === undefined) return;
    this.#message = undefined;
    try {
      if (this.#adapter.remove) await this.#adapter.remove(this.#context, this.#target, message);
      else if (this.#text.trim() !== '' && this.#shown !== undefined) await this.#adapter.edit(this.#context, this.#target, message, this.#text.trimEnd());
    } catch (error) {
      this.#log(`could not remove a streamed draft: ${messageOf(error)}`);
    }
  }

  #stop(): void {
    this.#finished = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort.abort();
  }

  #fitsInPlace(reply: OutboundMessage): boolean {
    const { attachments, buttons } = outboundExtras(reply);
    if (attachments.length > 0 || buttons.length > 0) return false;
    const { dialect, maxTextLength } = this.#adapter.capabilities;
    return splitMessage(reply.text, dialect, maxTextLength).length === 1;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
