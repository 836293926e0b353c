import { setTimeout as sleep } from 'node:timers/promises';
import type { Update, WebhookAttempt } from './types.ts';
import type { UpdateQueue } from './updates.ts';

export interface WebhookConfig {
  url: string;
  secretToken: string | undefined;
  maxConnections: number;
}

export interface WebhookTiming {
  initialMs: number;
  maxMs: number;
  timeoutMs: number;
}

/**
 * Pushes queued updates to the bot's webhook one at a time, in order, like Telegram: an update stays
 * queued until the receiver answers 2xx; any other answer, a refused connection or a timeout becomes
 * last_error and the same update is retried after a doubling backoff. A 2xx body naming a `method`
 * is a webhook reply, executed as an API call.
 */
export class Webhook {
  config: WebhookConfig | undefined;
  lastError: { date: number; message: string } | undefined;
  readonly attempts: WebhookAttempt[] = [];
  private paused = false;
  private closed = false;
  private running = false;
  private interrupt = new AbortController();
  private readonly queue: UpdateQueue;
  private readonly timing: WebhookTiming;
  private readonly onReply: (call: Record<string, unknown>) => Promise<void>;

  constructor(queue: UpdateQueue, timing: WebhookTiming, onReply: (call: Record<string, unknown>) => Promise<void>) {
    this.queue = queue;
    this.timing = timing;
    this.onReply = onReply;
    queue.onPush(() => {
      this.kick();
    });
  }

  set(config: WebhookConfig): void {
    this.config = config;
    this.lastError = undefined;
    this.restart();
  }

  remove(): void {
    this.config = undefined;
    this.restart();
  }

  /** While the server is stopped nothing is delivered. */
  pause(): void {
    this.paused = true;
    this.restart();
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  close(): void {
    this.closed = true;
    this.restart();
  }

  private active(): boolean {
    return this.config !== undefined && !this.paused && !this.closed;
  }

  /** Cuts short a delivery or a backoff, so a changed configuration applies at once. */
  private restart(): void {
    this.interrupt.abort();
    this.interrupt = new AbortController();
    this.kick();
  }

  private kick(): void {
    if (this.running || !this.active() || this.queue.peek() === undefined) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    let delay = this.timing.initialMs;
    for (;;) {
      const update = this.queue.peek();
      const config = this.config;
      if (update === undefined || config === undefined || !this.active()) return;
      const signal = this.interrupt.signal;
      const error = await this.deliver(update, config, signal);
      if (signal.aborted) continue;
      if (error === undefined) {
        this.queue.remove(update);
        delay = this.timing.initialMs;
        continue;
      }
      this.lastError = { date: Math.floor(Date.now() / 1000), message: error };
      await sleep(delay, undefined, { signal }).catch(() => undefined);
      delay = Math.min(delay * 2, this.timing.maxMs);
    }
  }

  /** One POST of one update; undefined when the receiver accepted it, else Telegram's last_error_message. */
  private async deliver(update: Update, config: WebhookConfig, signal: AbortSignal): Promise<string | undefined> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (config.secretToken !== undefined) headers['x-telegram-bot-api-secret-token'] = config.secretToken;
    const attempt: WebhookAttempt = { updateId: update.update_id, status: undefined, error: undefined, secretToken: config.secretToken };
    this.attempts.push(attempt);
    try {
      const response = await fetch(config.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(update),
        redirect: 'manual',
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.timing.timeoutMs)]),
      });
      attempt.status = response.status;
      const body = await response.text();
      if (response.status < 200 || response.status > 299) {
        attempt.error = `Wrong response from the webhook: ${response.status} ${response.statusText}`;
        return attempt.error;
      }
      const reply = parseReply(body);
      if (reply !== undefined) await this.onReply(reply).catch(() => undefined);
      return undefined;
    } catch (error) {
      attempt.error = describeFailure(error);
      return attempt.error;
    }
  }
}

function parseReply(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const call: Record<string, unknown> = { ...parsed };
    return typeof call.method === 'string' ? call : undefined;
  } catch {
    return undefined;
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'Read timeout expired';
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined;
  if (code === 'ECONNREFUSED') return 'Connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'Connection reset by peer';
  return `Connection failed: ${error instanceof Error ? error.message : String(error)}`;
}
