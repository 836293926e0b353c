// The REST calls of the flow list and the template gallery; every answer is checked here, at the boundary.
import { z } from 'zod';
import { requestJson as call, requestOk } from './http-client.ts';

export { errorMessage } from './http-client.ts';

const FlowSummary = z.object({
  id: z.string(),
  name: z.string(),
  publishedVersion: z.number().nullable(),
  updatedAt: z.string(),
  channels: z.array(z.object({ id: z.string(), name: z.string(), type: z.string(), status: z.string() })),
  lastRun: z.object({ id: z.string(), status: z.string(), startedAt: z.string() }).nullable(),
});
export type FlowSummary = z.infer<typeof FlowSummary>;
const Created = z.object({ id: z.string() });
const FlowDraft = z.object({ name: z.string(), draftRevision: z.number(), draft: z.record(z.string(), z.unknown()) });

const ImportCheck = z.object({ kind: z.enum(['unknown_node_type', 'credential_needed']), nodeId: z.string(), message: z.string() });
export type ImportCheck = z.infer<typeof ImportCheck>;

const Template = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  requires: z.object({ nodes: z.array(z.object({ type: z.string(), version: z.number() })), credentials: z.array(z.string()) }),
  source: z.enum(['builtin', 'instance']),
});
export type Template = z.infer<typeof Template>;

/** An empty draft: what "New flow" creates. */
export const EMPTY_FLOW = { schemaVersion: 1, name: 'Untitled flow', nodes: [], edges: [] };

const MAX_NAME = 200;

/** A body sent as is: a pasted or uploaded document goes to the server unparsed, so its JSON errors are the server's. */
function jsonBody(method: string, text: string): RequestInit {
  return { method, body: text, headers: { 'content-type': 'application/json' } };
}

const flowPath = (id: string) => `/api/v1/flows/${encodeURIComponent(id)}`;

export const listFlows = async () => (await call('/api/v1/flows', z.object({ items: z.array(FlowSummary) }))).items;

export const createFlow = async (document: string) => (await call('/api/v1/flows', Created, jsonBody('POST', document))).id;

export const exportUrl = (id: string) => `${flowPath(id)}/export`;

export async function deleteFlow(id: string): Promise<void> {
  await requestOk(flowPath(id), { method: 'DELETE' });
}

/**
 * The name lives in the document: a rename replaces the draft with the same document under the new name,
 * only if nobody saved the draft in between (If-Match), so an open editor's change is never lost.
 */
export async function renameFlow(id: string, name: string): Promise<void> {
  const { draft, draftRevision } = await call(flowPath(id), FlowDraft);
  const put = jsonBody('PUT', JSON.stringify({ ...draft, name }));
  await call(flowPath(id), z.unknown(), { ...put, headers: { 'content-type': 'application/json', 'if-match': `"${draftRevision}"` } });
}

export async function duplicateFlow(id: string): Promise<string> {
  const { name, draft } = await call(flowPath(id), FlowDraft);
  return createFlow(JSON.stringify({ ...draft, name: `${name} (copy)`.slice(0, MAX_NAME) }));
}

export const checkImport = async (document: string) => (await call('/api/v1/flows/import-check', z.object({ checks: z.array(ImportCheck) }), jsonBody('POST', document))).checks;

export const listTemplates = async () => (await call('/api/v1/templates', z.object({ items: z.array(Template) }))).items;

/** Saves the flow's draft as a template everyone on this server can start from. */
export async function saveAsTemplate(flowId: string, name: string, description: string): Promise<Template> {
  const body = JSON.stringify({ flowId, name, ...(description.trim() === '' ? {} : { description }) });
  return call('/api/v1/templates', Template, jsonBody('POST', body));
}

export async function deleteTemplate(id: string): Promise<void> {
  await requestOk(`/api/v1/templates/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export const createFromTemplate = async (templateId: string) => (await call(`/api/v1/templates/${encodeURIComponent(templateId)}/flows`, Created, { method: 'POST' })).id;
