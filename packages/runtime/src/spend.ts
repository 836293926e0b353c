import type { Pool } from 'pg';
import { spanUsage } from './span-usage.ts';
import type { TurnWrite } from './turn-writer.ts';

export interface SpendLedgerOptions {
  pool: Pool;
  /** Epoch milliseconds; tests move it across midnight. */
  now?: () => number;
  /** How long the database's figure for a flow is trusted before it is read again (default 5 s). */
  ttlMs?: number;
}

interface Entry {
  /** The UTC day the figure is for (YYYY-MM-DD). */
  day: string;
  readAt: number;
  /** The database's total for the day, as read. */
  stored: Promise<number>;
  /** What this process committed for the day since the read started. */
  since: number;
}

/**
 * What each flow spent on models today (UTC): the database's usage_daily total, read once per flow
 * and cached for a few seconds, plus the cost of the turns this process wrote since that read (the
 * TurnWriter reports every committed batch).
 *
 * Exact with one process. With several (queue mode), another worker's spending shows only once the
 * figure is read again, so it may lag by up to `ttlMs`. A batch committed while the figure is being
 * read may be counted twice until the next read: the error is on the side of spending too much.
 */
export class SpendLedger {
  readonly #pool: Pool;
  readonly #now: () => number;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, Entry>();

  constructor(options: SpendLedgerOptions) {
    this.#pool = options.pool;
    this.#now = options.now ?? Date.now;
    this.#ttlMs = options.ttlMs ?? 5000;
  }

  async spentToday(flowId: string): Promise<number> {
    const now = this.#now();
    const day = utcDay(now);
    let entry = this.#entries.get(flowId);
    if (entry?.day !== day || now - entry.readAt >= this.#ttlMs) {
      const fresh: Entry = { day, readAt: now, stored: this.#read(flowId, day), since: 0 };
      this.#entries.set(flowId, fresh);
      // A failed read is not cached: the next call reads again.
      fresh.stored.catch(() => {
        if (this.#entries.get(flowId) === fresh) this.#entries.delete(flowId);
      });
      entry = fresh;
    }
    return (await entry.stored) + entry.since;
  }

  /** Counts the cost of written turns; spans of another day than a flow's cached figure do not change it. */
  record(writes: readonly TurnWrite[]): void {
    for (const write of writes) {
      const entry = this.#entries.get(write.conversation.flowId);
      if (!entry) continue;
      for (const span of write.spans) {
        const cost = spanUsage(span.usage)?.costUsd ?? 0;
        if (cost !== 0 && utcDay(span.startedAt.getTime()) === entry.day) entry.since += cost;
      }
    }
  }

  async #read(flowId: string, day: string): Promise<number> {
    const result = await this.#pool.query<{ spent: number }>('SELECT COALESCE(sum(cost_usd), 0)::float8 AS spent FROM usage_daily WHERE flow_id = $1 AND day = $2::date', [flowId, day]);
    return result.rows[0]?.spent ?? 0;
  }
}

function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
