import type { CredentialsRepository } from '@switchboard/db';
import { SwitchboardError } from './service.ts';

/** A credential's secret is stored as a JSON object of strings (e.g. `{"apiKey": "…"}`). */
export function parseSecret(id: string, secret: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(secret);
  } catch {
    throw new Error(`credential ${id} holds a secret that is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`credential ${id} holds a secret that is not a JSON object`);
  const fields: Record<string, string> = {};
  for (const [key, field] of Object.entries(value)) if (typeof field === 'string') fields[key] = field;
  return fields;
}

/** Decrypts the credentials a plan uses, once, when the plan is loaded. */
export function credentialLoader(repository: CredentialsRepository) {
  return async (ids: readonly string[]): Promise<Map<string, Record<string, string>>> => {
    const loaded = new Map<string, Record<string, string>>();
    for (const id of new Set(ids)) {
      const credential = await repository.get(id);
      if (!credential) {
        throw new SwitchboardError(409, 'credential_missing', `credential ${id} used by this flow no longer exists: choose another one and publish again`);
      }
      loaded.set(id, parseSecret(id, credential.secret));
    }
    return loaded;
  };
}
