import type { RecordedRequest } from '../recorded-request.ts';

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence';

/** What the next accepted `POST /v1/messages` answers with; consumed first in, first out. */
export interface ScriptedResponse {
  /** An error status (429, 500, 529 …): answered with Anthropic's error body; `content`, if given, becomes its message. */
  status?: number;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }`. */
  headers?: Record<string, string>;
  /** Wait this long before sending the headers, to provoke client timeouts. */
  delayMs?: number;
  /** Assistant text; without it (and without tool uses) the server echoes the last user message. */
  content?: string;
  /** tool_use blocks to answer with, after the text if there is any (stop_reason 'tool_use'). */
  toolUses?: { name: string; input: unknown }[];
  /** Overrides the counted usage. */
  usage?: { input_tokens: number; output_tokens: number };
  /** Overrides the stop reason ('tool_use' with tool uses, else 'end_turn', or 'max_tokens' when the echo was cut). */
  stopReason?: StopReason;
}

export type { RecordedRequest };

export interface AnthropicServer {
  /** 'http://127.0.0.1:<port>' without /v1, as `@anthropic-ai/sdk` wants its baseURL. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  enqueue(...responses: ScriptedResponse[]): void;
  /** Clears the recorded requests, the script and the id counters. */
  reset(): void;
  close(): Promise<void>;
}

export interface AnthropicServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** When set, every request must carry it as `x-api-key` or as `Authorization: Bearer`. */
  apiKey?: string;
  /** When set, any other model is answered with 404 not_found_error. */
  models?: string[];
  /** Unscripted messages wait this long before answering, like a real model (default 0). */
  latencyMs?: number;
}
