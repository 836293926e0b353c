/**
 * The one shape every provider speaks. Nodes build a ChatRequest; a provider turns it into its SDK's
 * call (OpenAI chat completions, Anthropic messages) and its answer back into a ChatResult.
 */

/** Which wire protocol a provider speaks. */
export type ProviderKind = 'openai' | 'anthropic';

/** A provider as configured: where it is, how to reach it, and its key (decrypted; never logged). */
export interface ProviderConfig {
  /** Preset id ('openai', 'anthropic', 'deepseek', 'ollama' …) or 'custom'. */
  id: string;
  kind: ProviderKind;
  /** The API root as the SDK wants it (OpenAI-style servers end in /v1; Anthropic's has no /v1). */
  baseUrl: string;
  apiKey?: string;
  /** Per-request timeout in milliseconds (the caller's signal may end it sooner). */
  timeoutMs?: number;
}

export type ContentPart =
  | { type: 'text'; text: string }
  /** An image by URL (http/https) or as a data: URL. */
  | { type: 'image'; url: string };

export interface ToolCall {
  /** The provider's id for this call; a tool result answers it. */
  id: string;
  name: string;
  /** Parsed JSON arguments; a string when the model sent malformed JSON. */
  arguments: unknown;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ContentPart[] }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

export interface ToolSpec {
  /** ^[a-zA-Z0-9_-]{1,64}$ (both providers' rule). */
  name: string;
  description: string;
  /** A JSON Schema object for the arguments. */
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  /** Anthropic requires it; providers fill a default when absent. */
  maxTokens?: number;
  tools?: ToolSpec[];
  /** Structured output: the answer must be JSON matching this schema. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatResult {
  text: string;
  toolCalls: ToolCall[];
  /** The model the server says answered (may name a snapshot). */
  model: string;
  usage: TokenUsage;
  /** 'stop' | 'length' | 'tool_calls' | … as the provider said it, normalised to these where known. */
  finishReason: 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'other';
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Streams the answer's text as it arrives; without it the call is not streamed. */
  onToken?: (text: string) => void;
}

export interface ChatProvider {
  readonly config: ProviderConfig;
  chat(request: ChatRequest, options?: CallOptions): Promise<ChatResult>;
  /** The model ids the server offers (for the config form). */
  listModels(signal?: AbortSignal): Promise<string[]>;
}

export interface SpeechProvider {
  /** Speech to text (OpenAI-compatible /audio/transcriptions). */
  transcribe(audio: { bytes: Uint8Array; name: string; mimeType?: string }, options: { model: string; language?: string; signal?: AbortSignal }): Promise<{ text: string }>;
  /** Text to speech (OpenAI-compatible /audio/speech). */
  speak(text: string, options: { model: string; voice: string; format?: 'mp3' | 'opus' | 'wav'; signal?: AbortSignal }): Promise<{ bytes: Uint8Array; mimeType: string }>;
}

/** US dollars per million tokens. */
export interface Price {
  input: number;
  output: number;
}

/**
 * An error a provider call ended with, already explained for an operator: which provider and model,
 * what went wrong, what to change. `retryable` says whether another attempt (or a fallback) may help;
 * `retryAfterMs` is the server's Retry-After, when it sent one.
 */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  /** 'auth' | 'not_found' | 'rate_limit' | 'timeout' | 'connection' | 'server' | 'bad_request' | 'other' */
  readonly kind: ModelErrorKind;

  constructor(message: string, details: { kind: ModelErrorKind; retryable: boolean; status?: number; retryAfterMs?: number; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.kind = details.kind;
    this.retryable = details.retryable;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export type ModelErrorKind = 'auth' | 'permission' | 'not_found' | 'rate_limit' | 'timeout' | 'connection' | 'server' | 'bad_request' | 'other';
