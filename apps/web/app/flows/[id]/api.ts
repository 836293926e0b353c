// The REST calls the editor makes; every answer is checked here, at the boundary.
import { parseFlowDocument, type FlowDocument } from '@switchboard/flow-schema';
import { z } from 'zod';

export interface Problem {
  nodeId?: string;
  edgeId?: string;
  field?: string;
  message: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly details: unknown;
  constructor(status: number, message: string, details: unknown) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

const ErrorBody = z.object({ error: z.object({ message: z.string(), details: z.unknown().optional() }) });
const Problems = z.array(z.object({ nodeId: z.string().optional(), edgeId: z.string().optional(), field: z.string().optional(), message: z.string() }));
const FlowHead = z.object({ id: z.string(), name: z.string(), publishedVersion: z.number().nullable(), draft: z.unknown() });
const Published = z.object({ version: z.number() });

export interface LoadedFlow {
  id: string;
  name: string;
  publishedVersion: number | null;
  draft: FlowDocument;
}

async function call(path: string, init: RequestInit = {}): Promise<unknown> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  const response = await fetch(path, { ...init, headers });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = ErrorBody.safeParse(body);
    throw error.success
      ? new ApiError(response.status, error.data.error.message, error.data.error.details)
      : new ApiError(response.status, `${response.status} ${response.statusText}`, undefined);
  }
  return body;
}

export async function fetchFlow(flowId: string): Promise<LoadedFlow> {
  const head = FlowHead.parse(await call(`/api/v1/flows/${encodeURIComponent(flowId)}`));
  const draft = parseFlowDocument(head.draft);
  if (!draft.ok) throw new Error(`the stored draft is invalid: ${draft.issues[0]?.message ?? 'unknown problem'}`);
  return { id: head.id, name: head.name, publishedVersion: head.publishedVersion, draft: draft.value };
}

export async function saveDraft(flowId: string, doc: FlowDocument): Promise<void> {
  await call(`/api/v1/flows/${encodeURIComponent(flowId)}`, {
    method: 'PUT',
    body: JSON.stringify(doc),
    headers: { 'content-type': 'application/json' },
  });
}

export type PublishResult = { ok: true; version: number } | { ok: false; message: string; problems: Problem[] };

export async function publishFlow(flowId: string): Promise<PublishResult> {
  try {
    const { version } = Published.parse(await call(`/api/v1/flows/${encodeURIComponent(flowId)}/publish`, { method: 'POST' }));
    return { ok: true, version };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 422) throw error;
    const problems = Problems.safeParse(error.details);
    return { ok: false, message: error.message, problems: problems.success ? problems.data : [] };
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
