// The REST calls for stored credentials, from the credentials page and the editor's picker.
import { z } from 'zod';
import { ApiError, requestJson, requestOk } from '../http-client.ts';

export { errorMessage } from '../http-client.ts';

const Credential = z.object({ id: z.string(), name: z.string(), type: z.string(), createdAt: z.string() });
export type Credential = z.infer<typeof Credential>;

const InUse = z.object({ flows: z.array(z.object({ flowId: z.string(), flowName: z.string(), in: z.array(z.enum(['draft', 'published'])) })) });
export type CredentialUsers = z.infer<typeof InUse>['flows'];

export async function listCredentials(type?: string): Promise<Credential[]> {
  const query = type === undefined ? '' : `?type=${encodeURIComponent(type)}`;
  return (await requestJson(`/api/v1/credentials${query}`, z.object({ items: z.array(Credential) }))).items;
}

export async function createCredential(input: { name: string; type: string; secret: Record<string, string> }): Promise<Credential> {
  return requestJson('/api/v1/credentials', Credential, { method: 'POST', body: JSON.stringify(input), headers: { 'content-type': 'application/json' } });
}

export type DeleteResult = { ok: true } | { ok: false; message: string; users: CredentialUsers };

/** A credential in use is not deleted unless `force`: the answer then names the flows that use it. */
export async function deleteCredential(id: string, force = false): Promise<DeleteResult> {
  try {
    await requestOk(`/api/v1/credentials/${encodeURIComponent(id)}${force ? '?force=1' : ''}`, { method: 'DELETE' });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 409) throw error;
    const users = InUse.safeParse(error.details);
    return { ok: false, message: error.message, users: users.success ? users.data.flows : [] };
  }
}
