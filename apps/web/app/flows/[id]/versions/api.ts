// The version history's REST calls; every answer is checked here, at the boundary.
import { parseFlowDocument, type FlowDocument } from '@switchboard/flow-schema';
import { z } from 'zod';
import { requestJson } from '../../../http-client.ts';

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

function document(input: unknown, what: string): FlowDocument {
  const parsed = parseFlowDocument(input);
  if (!parsed.ok) throw new Error(`${what} is invalid: ${parsed.issues[0]?.message ?? 'unknown problem'}`);
  return parsed.value;
}

const flowPath = (flowId: string) => `/api/v1/flows/${encodeURIComponent(flowId)}`;

export async function fetchHistory(flowId: string): Promise<History> {
  const flow = await requestJson(flowPath(flowId), FlowHistory);
  return { ...flow, draft: document(flow.draft, 'the stored draft') };
}

export async function fetchVersionDocument(flowId: string, version: number): Promise<FlowDocument> {
  const body = await requestJson(`${flowPath(flowId)}/versions/${version}`, VersionBody);
  return document(body.document, `version ${version}`);
}

export async function restoreVersion(flowId: string, version: number): Promise<void> {
  await requestJson(`${flowPath(flowId)}/versions/${version}/restore`, z.unknown(), { method: 'POST' });
}
