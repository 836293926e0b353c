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

/** One Server-Sent Event as Anthropic names them: `event: <type>` then `data: <json>`. */
export interface StreamEvent {
  type: string;
  [field: string]: unknown;
}

export interface SseReply extends ReplyTiming {
  kind: 'sse';
  events: StreamEvent[];
}
