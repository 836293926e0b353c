/** What a route answers; the server writes it, after `delayMs` if set. */
export type Reply = JsonReply | SseReply;

interface ReplyTiming {
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface JsonReply extends ReplyTiming {
  kind: 'json';
  status: number;
  body: unknown;
}

export interface SseReply extends ReplyTiming {
  kind: 'sse';
  /** Each becomes one `data:` event; `data: [DONE]` follows the last. */
  chunks: unknown[];
}
