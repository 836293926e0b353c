import type { RecordedRequest } from '../recorded-request.ts';

/**
 * What the next chat-completion, speech or transcription request answers with; consumed first in,
 * first out. Embeddings and model lookups do not consume the script.
 */
export interface ScriptedResponse {
  /** An error status (e.g. 500, 429, 401): answered with OpenAI's error body; `content`, if given, becomes its message. */
  status?: number;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }`. */
  headers?: Record<string, string>;
  /** Wait this long before sending the headers, to provoke client timeouts. */
  delayMs?: number;
  /** Assistant text; without it (and without tool calls) the server echoes the last user message. */
  content?: string;
  /** Tool calls to answer with (finish_reason 'tool_calls'); a string `arguments` is sent as is, to script malformed JSON. */
  toolCalls?: { name: string; arguments: unknown }[];
  /** A streamed answer waits this long between its chunks, so a client sees it arrive piece by piece. */
  chunkDelayMs?: number;
  /** Overrides the counted usage. */
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** What a transcription answers, whatever audio was sent. */
  transcript?: string;
}

export type { RecordedRequest } from '../recorded-request.ts';

export interface OpenAIServer {
  /** 'http://127.0.0.1:<port>/v1', ready to be the SDK's baseURL. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  enqueue(...responses: ScriptedResponse[]): void;
  /** Clears the recorded requests, the script and the id counters. */
  reset(): void;
  close(): Promise<void>;
}

export interface OpenAIServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** When set, every request must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** When set, any other model is answered with 404 model_not_found. */
  models?: string[];
  /** Unscripted chat completions, speech and transcriptions wait this long before answering, like a real model (default 0). */
  latencyMs?: number;
}
