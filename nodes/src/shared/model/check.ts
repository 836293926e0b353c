import { ModelError, matchModelId } from '@switchboard/models';
import { providerFor } from './run-model.ts';
import { PROVIDER_IDS, type ProviderId } from './config.ts';

export interface ModelCheck {
  /** Model ids the server offers, sorted. */
  models: string[];
  /** Whether the model asked about is among them (a dated snapshot or tag of a listed family counts). */
  modelKnown?: boolean;
}

function isProviderId(value: string): value is ProviderId {
  return PROVIDER_IDS.some((id) => id === value);
}

/**
 * What the config form asks before a flow runs: can this provider be reached with this key, which
 * models does it offer, and is the chosen one among them. A failure is the same explained ModelError a
 * run would end with (which server, what went wrong, what to fix).
 */
export async function checkModelTarget(input: { provider: string; baseUrl?: string; model?: string; apiKey?: string }, signal?: AbortSignal): Promise<ModelCheck> {
  if (!isProviderId(input.provider)) throw new ModelError(`unknown provider "${input.provider}": choose one of ${PROVIDER_IDS.join(', ')}`, { kind: 'bad_request', retryable: false });
  const provider = providerFor({ provider: input.provider, baseUrl: input.baseUrl }, input.apiKey, 15_000);
  const models = [...(await provider.listModels(signal))].sort();
  if (input.model === undefined || input.model.trim() === '') return { models };
  return { models, modelKnown: models.includes(input.model) || matchModelId(input.model, models) !== undefined };
}
