// The REST calls the editor makes; every answer is checked here, at the boundary.
import { parseFlowDocument, type FlowDocument } from '@switchboard/flow-schema';
import { z } from 'zod';
import { ApiError, requestJson } from '../../http-client.ts';

export { ApiError, errorMessage } from '../../http-client.ts';

export interface Problem {
  nodeId?: string;
  edgeId?: string;
  field?: string;
  message: string;
}

const Problems = z.array(z.object({ nodeId: z.string().optional(), edgeId: z.string().optional(), field: z.string().optional(), message: z.string() }));
const FlowHead = z.object({ id: z.string(), name: z.string(), publishedVersion: z.number().nullable(), draftRevision: z.number(), draft: z.unknown() });
const Published = z.object({ version: z.number() });

export interface LoadedFlow {
  id: string;
  name: string;
  publishedVersion: number | null;
  /** The stored draft's revision: saves send it back, so that a change saved meanwhile is not overwritten. */
  draftRevision: number;
  draft: FlowDocument;
}

/** The flow's address in the REST API: the page preloads it, fetchFlow reads it. */
export function flowPath(flowId: string): string {
  return `/api/v1/flows/${encodeURIComponent(flowId)}`;
}

export async function fetchFlow(flowId: string): Promise<LoadedFlow> {
  const head = await requestJson(flowPath(flowId), FlowHead);
  const draft = parseFlowDocument(head.draft);
  if (!draft.ok) throw new Error(`the stored draft is invalid: ${draft.issues[0]?.message ?? 'unknown problem'}`);
  return { id: head.id, name: head.name, publishedVersion: head.publishedVersion, draftRevision: head.draftRevision, draft: draft.value };
}

/** Someone else saved the draft after the revision this save was based on (a 409 draft_conflict). */
export class DraftConflict extends Error {
  override readonly name = 'DraftConflict';
  /** The revision stored now: sending the document again with it replaces their change. */
  readonly currentRevision: number;
  constructor(message: string, currentRevision: number) {
    super(message);
    this.currentRevision = currentRevision;
  }
}

const Saved = z.object({ draftRevision: z.number() });
const ConflictDetails = z.object({ currentRevision: z.number() });

/** Saves the draft if the server still holds `baseRevision`; returns the new revision, or throws DraftConflict. */
export async function saveDraft(flowId: string, doc: FlowDocument, baseRevision: number): Promise<number> {
  try {
    const saved = await requestJson(`/api/v1/flows/${encodeURIComponent(flowId)}`, Saved, {
      method: 'PUT',
      body: JSON.stringify(doc),
      headers: { 'content-type': 'application/json', 'if-match': `"${baseRevision}"` },
    });
    return saved.draftRevision;
  } catch (error) {
    const conflict = error instanceof ApiError && error.status === 409 ? ConflictDetails.safeParse(error.details) : undefined;
    if (conflict?.success) throw new DraftConflict(error instanceof Error ? error.message : '', conflict.data.currentRevision);
    throw error;
  }
}

export type PublishResult = { ok: true; version: number } | { ok: false; message: string; problems: Problem[] };

export async function publishFlow(flowId: string): Promise<PublishResult> {
  try {
    const { version } = await requestJson(`/api/v1/flows/${encodeURIComponent(flowId)}/publish`, Published, { method: 'POST' });
    return { ok: true, version };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 422) throw error;
    const problems = Problems.safeParse(error.details);
    return { ok: false, message: error.message, problems: problems.success ? problems.data : [] };
  }
}
