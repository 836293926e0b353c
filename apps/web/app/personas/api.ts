// The REST calls for the persona library, from the personas page and the channel form.
import { z } from 'zod';
import { requestJson, requestOk } from '../http-client.ts';

export { errorMessage } from '../http-client.ts';

const Persona = z.object({
  id: z.string(),
  name: z.string(),
  systemPrompt: z.string(),
  greeting: z.string().nullable(),
  style: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Persona = z.infer<typeof Persona>;

/** What the form sends: empty greeting and style are stored as none. */
export interface PersonaInput {
  name: string;
  systemPrompt: string;
  greeting: string;
  style: string;
}

const json = { 'content-type': 'application/json' };

export async function listPersonas(): Promise<Persona[]> {
  return (await requestJson('/api/v1/personas', z.object({ items: z.array(Persona) }))).items;
}

export async function createPersona(input: PersonaInput): Promise<Persona> {
  return requestJson('/api/v1/personas', Persona, { method: 'POST', body: JSON.stringify(input), headers: json });
}

export async function updatePersona(id: string, input: PersonaInput): Promise<Persona> {
  return requestJson(`/api/v1/personas/${encodeURIComponent(id)}`, Persona, { method: 'PUT', body: JSON.stringify(input), headers: json });
}

export async function deletePersona(id: string): Promise<void> {
  await requestOk(`/api/v1/personas/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
