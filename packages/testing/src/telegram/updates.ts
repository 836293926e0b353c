import { TelegramError } from './errors.ts';
import type { Update } from './types.ts';

// Update types a bot gets unless it names them in allowed_updates.
const optIn = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

interface Poll {
  wake(): void;
  conflict(): void;
}

/**
 * The bot's pending updates. They stay until confirmed (a getUpdates offset past them, or a webhook
 * delivery the receiver accepted); long polls wait here for the next one.
 */
export class UpdateQueue {
  private pending: Update[] = [];
  /** Updates to deliver again although already confirmed (tests of de-duplication). */
  private replays: Update[] = [];
  private lastId = 700_000_000;
  private allowed: string[] = [];
  private poll: Poll | undefined;
  private readonly listeners = new Set<() => void>();

  nextUpdateId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  setAllowedUpdates(types: string[] | undefined): void {
    if (types !== undefined) this.allowed = types;
  }

  allowedUpdates(): string[] {
    return this.allowed;
  }

  /** Queues an update unless allowed_updates filters its type out; false when filtered. */
  push(update: Update): boolean {
    const type = Object.keys(update).find((key) => key !== 'update_id') ?? '';
    const wanted = this.allowed.length === 0 ? !optIn.has(type) : this.allowed.includes(type);
    if (!wanted) return false;
    this.pending.push(update);
    this.notify();
    return true;
  }

  replay(update: Update): void {
    this.replays.push(update);
    this.notify();
  }

  get count(): number {
    return this.pending.length + this.replays.length;
  }

  clear(): void {
    this.pending = [];
    this.replays = [];
  }

  /** The next update for a webhook, without removing it. */
  peek(): Update | undefined {
    return this.replays[0] ?? this.pending[0];
  }

  /** Confirms one update the webhook receiver accepted. */
  remove(update: Update): void {
    this.replays = this.replays.filter((candidate) => candidate !== update);
    this.pending = this.pending.filter((candidate) => candidate !== update);
  }

  /** Wakes whenever an update is queued. */
  onPush(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** getUpdates: confirm up to `offset`, then answer at once or hold the request up to `timeout` seconds. */
  async getUpdates(request: { offset?: number; limit: number; timeout: number }, signal: AbortSignal): Promise<Update[]> {
    // Telegram answers the older of two concurrent long polls with 409.
    this.poll?.conflict();
    this.confirm(request.offset);
    const ready = this.take(request.limit);
    if (ready.length > 0 || request.timeout <= 0) return ready;

    await new Promise<void>((resolve, reject) => {
      const finish = (error?: TelegramError): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', wake);
        if (this.poll === poll) this.poll = undefined;
        if (error) reject(error);
        else resolve();
      };
      const wake = (): void => {
        finish();
      };
      const poll: Poll = {
        wake,
        conflict: () => {
          finish(new TelegramError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
        },
      };
      const timer = setTimeout(wake, request.timeout * 1000);
      signal.addEventListener('abort', wake);
      this.poll = poll;
    });
    return this.take(request.limit);
  }

  private confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    // A negative offset keeps only the last -offset updates.
    this.pending = offset < 0 ? this.pending.slice(offset) : this.pending.filter((update) => update.update_id >= offset);
  }

  /** Replays go out once; pending updates stay until a later offset confirms them. */
  private take(limit: number): Update[] {
    const replays = this.replays.splice(0, limit);
    return [...replays, ...this.pending.slice(0, limit - replays.length)];
  }

  private notify(): void {
    this.poll?.wake();
    for (const listener of this.listeners) listener();
  }
}
