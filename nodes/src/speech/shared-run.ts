import { PermanentNodeError } from '@switchboard/flow-schema';
import { ModelError, createSpeechProvider, findPreset, type SpeechProvider } from '@switchboard/models';

/** The audio endpoints of the node's provider, with its key. */
export function speechProviderFor(target: { provider: string; baseUrl?: string | undefined }, apiKey: string | undefined): SpeechProvider {
  const baseUrl = target.baseUrl ?? findPreset(target.provider)?.baseUrl;
  if (baseUrl === undefined || baseUrl === '') {
    throw new PermanentNodeError(`provider "${target.provider}" has no address: fill in the base URL (for example http://127.0.0.1:8000/v1)`);
  }
  return createSpeechProvider({ id: target.provider, kind: 'openai', baseUrl, ...(apiKey === undefined ? {} : { apiKey }) });
}

/** A refused key or an unknown model fails the same way on every attempt: do not retry those. */
export function permanentUnlessRetryable(error: unknown): unknown {
  if (error instanceof ModelError && !error.retryable) return new PermanentNodeError(error.message, { cause: error });
  return error;
}
