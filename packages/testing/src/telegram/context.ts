import type { Params } from './params.ts';
import type { SentLog } from './sent.ts';
import type { Store } from './store.ts';
import type { UpdateQueue } from './updates.ts';
import type { Webhook } from './webhook.ts';

/** What a Bot API method handler may touch. */
export interface ApiContext {
  store: Store;
  queue: UpdateQueue;
  sent: SentLog;
  webhook: Webhook;
}

/** A Bot API method: its `result`, or a thrown TelegramError. `signal` fires when the caller hangs up. */
export type Handler = (params: Params, context: ApiContext, signal: AbortSignal) => unknown;
