import type { SentEvent } from './types.ts';

/** What the bot did, in order, with waiters for what it has not done yet. */
export class SentLog {
  readonly events: SentEvent[] = [];
  private readonly waiters = new Set<(event: SentEvent) => void>();

  record(event: SentEvent): void {
    this.events.push(event);
    for (const waiter of this.waiters) waiter(event);
  }

  wait(predicate: (event: SentEvent) => boolean, timeoutMs: number): Promise<SentEvent> {
    const already = this.events.find(predicate);
    if (already !== undefined) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter = (event: SentEvent): void => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(event);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.events.map(describe).join('; ') || 'nothing';
        reject(new Error(`waitForSent: no matching event within ${timeoutMs} ms; the bot sent: ${seen}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

function describe(event: SentEvent): string {
  switch (event.kind) {
    case 'message':
      return `${event.method} to ${event.chatId}${event.text === undefined ? '' : ` ${JSON.stringify(event.text)}`}`;
    case 'edit':
      return `edit ${event.chatId}/${event.messageId} ${JSON.stringify(event.text)}`;
    case 'delete':
      return `delete ${event.chatId}/${event.messageId}`;
    case 'chatAction':
      return `${event.action} in ${event.chatId}`;
    case 'callbackAnswer':
      return `answer to callback ${event.callbackQueryId}`;
  }
}
