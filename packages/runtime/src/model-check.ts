import type { CredentialsRepository } from '@switchboard/db';
import { checkModelTarget } from '@switchboard/nodes/server';
import { parseSecret } from './credentials.ts';
import type { ModelCheckView } from './service.ts';
import { notFound } from './errors.ts';
import { SwitchboardError } from './service.ts';

/** Asks the provider for its models with a stored credential's key; explained failures are answers, not errors. */
export async function checkModel(
  input: { provider: string; baseUrl?: string; model?: string; credentialId?: string },
  credentials: CredentialsRepository,
): Promise<ModelCheckView> {
  let apiKey: string | undefined;
  if (input.credentialId !== undefined) {
    const stored = await credentials.get(input.credentialId);
    if (!stored) throw notFound('credential', input.credentialId);
    apiKey = parseSecret(stored.id, stored.secret).apiKey;
    if (apiKey === undefined) throw new SwitchboardError(400, 'invalid_credential', `credential ${stored.name} has no API key: edit it and fill in "apiKey"`);
  }
  try {
    const checked = await checkModelTarget({ ...input, ...(apiKey === undefined ? {} : { apiKey }) }, AbortSignal.timeout(20_000));
    return { ok: true, ...checked };
  } catch (error) {
    const kind = typeof error === 'object' && error !== null && 'kind' in error && typeof error.kind === 'string' ? error.kind : 'other';
    return { ok: false, error: { kind, message: error instanceof Error ? error.message : String(error) } };
  }
}
