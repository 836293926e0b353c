/** What starts or resumes a turn. Channel adapters normalize platform events into this shape. */
export interface InboundEvent {
  kind: 'message' | 'webhook' | 'timer';
  /** Text of the message (empty for webhooks without text, and for timers). */
  text: string;
  /** The platform's id for this message; used to drop redeliveries. */
  messageId?: string | undefined;
  userId?: string | undefined;
  /** Where it came from: `api`, `webhook`, later `telegram`, `slack` … */
  channel: string;
  /** The raw JSON body of a webhook call, or platform extras. */
  payload?: unknown;
  /** ISO-8601 time the server received it. */
  receivedAt: string;
}

export interface OutboundMessage {
  text: string;
  /** Structured extras a channel may render (buttons, attachments …) or an API client may read. */
  data?: unknown;
}

export interface ChatTurn {
  role: 'user' | 'assistant' | 'system';
  content: string;
}

/** Token counts and money spent by one node execution. */
export interface Usage {
  model?: string;
  inputTokens: number;
  outputTokens: number;
  costUsd?: number;
}
