import Anthropic from '@anthropic-ai/sdk';
import { nativeFetch } from './native-fetch.ts';
import type { ProviderConfig } from './types.ts';

// Sent when the provider has no key, so the SDK never looks for one in the environment or on disk.
const NO_KEY = 'no-key';

export function anthropicClient(config: ProviderConfig): Anthropic {
  return new Anthropic({
    apiKey: config.apiKey === undefined || config.apiKey === '' ? NO_KEY : config.apiKey,
    authToken: null,
    baseURL: config.baseUrl,
    // Retries and fallbacks are ours (retry.ts, fallback.ts); SDK retries would hide inside them.
    maxRetries: 0,
    fetch: nativeFetch,
    ...(config.timeoutMs === undefined ? {} : { timeout: config.timeoutMs }),
  });
}
