// The version history's REST calls; every answer is checked here, at the boundary.
import { parseFlowDocument, type FlowDocument } from '@switchboard/flow-schema';
import { z } from 'zod';
import { ApiError } from '../api.ts';

const ErrorBody = z.object({ error: z.object({ message: z.string(), details: z.unknown().optional() }) });
const Version = z.object({ version: z.number(), id: z.string(), createdAt: z.string() });
const FlowHistory = z.object({
  id: z.string(),
  name: z.string(),
  publishedVersion: z.number().nullable(),
  updatedAt: z.string(),
  draft: z.unknown(),
  versions: z.array(Version),
});
const VersionBody = Version.extend({ document: z.unknown() });

export interface History {
  id: string;
  name: string;
  publishedVersion: number | null;
  updatedAt: string;
  draft: FlowDocument;
  /** Oldest first, as the API lists them. */
  versions: z.infer<typeof Version>[];
}

async function call(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(path, { ...init, headers: { accept: 'application/json' } });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = ErrorBody.safeParse(body);
    throw error.success
      ? new ApiError(response.status, error.data.error.message, error.data.error.details)
      : new ApiError(response.status, `${response.status} ${response.statusText}`, undefined);
  }
  return body;
}

function document(input: unknown, what: string): FlowDocument {
  const parsed = parseFlowDocument(input);
  if (!parsed.ok) throw new Error(`${what} is invalid: ${parsed.issues[0]?.message ?? 'unknown problem'}`);
  return parsed.value;
}

const flowPath = (flowId: string) => `/api/v1/flows/${encodeURIComponent(flowId)}`;

export async function fetchHistory(flowId: string): Promise<History> {
  const flow = FlowHistory.parse(await call(flowPath(flowId)));
  return { ...flow, draft: document(flow.draft, 'the stored draft') };
}

export async function fetchVersionDocument(flowId: string, version: number): Promise<FlowDocument> {
  const body = VersionBody.parse(await call(`${flowPath(flowId)}/versions/${version}`));
  return document(body.document, `version ${version}`);
}

export async function restoreVersion(flowId: string, version: number): Promise<void> {
  await call(`${flowPath(flowId)}/versions/${version}/restore`, { method: 'POST' });
}
