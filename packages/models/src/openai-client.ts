import OpenAI from 'openai';
import { nativeFetch } from './native-fetch.ts';
import type { ProviderConfig } from './types.ts';

// The SDK refuses to start without a key; local servers (Ollama, vLLM …) ignore whatever is sent.
const NO_KEY = 'no-key';

/** The SDK client for an OpenAI-compatible server, shared by chat and speech. */
export function openAIClient(config: ProviderConfig): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey === undefined || config.apiKey === '' ? NO_KEY : config.apiKey,
    baseURL: config.baseUrl,
    // Retries and fallbacks are ours (retry.ts, fallback.ts); SDK retries would hide inside them.
    maxRetries: 0,
    fetch: nativeFetch,
    ...(config.timeoutMs === undefined ? {} : { timeout: config.timeoutMs }),
    // Explicit, so the server's own OPENAI_ORG_ID / OPENAI_PROJECT_ID never reach a third-party endpoint.
    organization: null,
    project: null,
  });
}
