// The REST calls the tests make, as a browser or curl client would, and the shapes they rely on:
// each answer is checked at the boundary, so a changed wire format fails with a message naming the field.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { z } from 'zod';

const templatesDir = path.resolve(import.meta.dirname, '../templates');

export const ChatAnswer = z.object({
  runId: z.string(),
  conversationId: z.string(),
  status: z.string(),
  replies: z.array(z.object({ nodeId: z.string(), text: z.string() })),
});
export const RunPage = z.object({ items: z.array(z.object({ id: z.string(), status: z.string(), steps: z.number() })) });
export const SpanList = z.object({ items: z.array(z.object({ nodeId: z.string(), status: z.string(), output: z.unknown() })) });

/** Reads an answer that must be 2xx (toBeOK prints the body otherwise) in the shape the test relies on. */
export async function read<T>(response: APIResponse, schema: z.ZodType<T>): Promise<T> {
  await expect(response).toBeOK();
  return schema.parse(await response.json());
}

/** Imports a template the way the README's curl does (the file as the body), publishes it, returns both answers. */
export async function importAndPublish(request: APIRequestContext, template: string): Promise<{ id: string; version: number }> {
  const document = await readFile(path.join(templatesDir, template), 'utf8');
  const created = await request.post('/api/v1/flows', { data: document, headers: { 'content-type': 'application/json' } });
  const { id } = await read(created, z.object({ id: z.string() }));
  const { version } = await read(await request.post(`/api/v1/flows/${id}/publish`), z.object({ version: z.number() }));
  return { id, version };
}
