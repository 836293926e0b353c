/** What a route answers; the server writes it, after `delayMs` if set. */
export type Reply = JsonReply | SseReply | RawReply;

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
  /** Pause between chunks. */
  chunkDelayMs?: number;
}

/** A body that is not JSON: audio bytes, a plain-text transcript. */
export interface RawReply extends ReplyTiming {
  kind: 'raw';
  status: number;
  contentType: string;
  body: Uint8Array | string;
}
