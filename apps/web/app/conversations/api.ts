// The console's reads from the REST API. Each answer is checked against the shape the pages rely on,
// so an old server or a proxy page shows as an error naming the field instead of a blank screen.
import { parseFlowDocument, type FlowDocument } from '@switchboard/flow-schema';
import { z } from 'zod';
import { ApiError, requestJson } from '../http-client.ts';

const Conversation = z.object({
  id: z.string(),
  flowId: z.string(),
  channel: z.string(),
  externalId: z.string(),
  userId: z.string().nullable(),
  status: z.enum(['active', 'waiting', 'delayed', 'failed']),
  waitingNodeId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Conversation = z.infer<typeof Conversation>;

const Message = z.object({
  id: z.string(),
  direction: z.enum(['in', 'out']),
  text: z.string(),
  runId: z.string().nullable(),
  createdAt: z.string(),
});
export type Message = z.infer<typeof Message>;

const Run = z.object({
  id: z.string(),
  flowVersionId: z.string(),
  status: z.enum(['running', 'completed', 'waiting', 'failed']),
  error: z.unknown(),
  steps: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
});
export type Run = z.infer<typeof Run>;

const Span = z.object({
  id: z.string(),
  nodeId: z.string(),
  nodeType: z.string(),
  status: z.enum(['ok', 'error', 'suspended']),
  attempt: z.number(),
  iteration: z.string().nullable(),
  input: z.unknown(),
  output: z.unknown(),
  error: z.unknown(),
  startedAt: z.string(),
  durationMs: z.number(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number().optional() }).nullable(),
  truncated: z.boolean(),
});
export type Span = z.infer<typeof Span>;

const FlowSummary = z.object({ id: z.string(), name: z.string() });
export type FlowSummary = z.infer<typeof FlowSummary>;
const FlowDetail = FlowSummary.extend({ versions: z.array(z.object({ version: z.number(), id: z.string() })) });
export type FlowDetail = z.infer<typeof FlowDetail>;

function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** As before the shared client: an error answer reads "<status> <server's message>". */
async function getJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  try {
    return await requestJson(path, schema);
  } catch (error) {
    if (!(error instanceof ApiError) || error.message.startsWith(`${error.status} `)) throw error;
    throw new ApiError(error.status, `${error.status} ${error.message}`, error.details);
  }
}

/** The list's filters as the URL and the API carry them; '' is no filter. `from` and `to` are ISO instants. */
export interface ConversationFilter {
  flowId: string;
  status: string;
  channel: string;
  userId: string;
  text: string;
  from: string;
  to: string;
}

export const filterKeys = ['flowId', 'status', 'channel', 'userId', 'text', 'from', 'to'] as const;

export function listConversations(filter: ConversationFilter, cursor: string | null) {
  const query = new URLSearchParams({ limit: '25' });
  for (const key of filterKeys) if (filter[key] !== '') query.set(key, filter[key]);
  if (cursor !== null) query.set('cursor', cursor);
  return getJson(`/api/v1/conversations?${query.toString()}`, page(Conversation));
}

export const listFlows = () => getJson('/api/v1/flows', z.object({ items: z.array(FlowSummary) }));
export const getFlow = (id: string) => getJson(`/api/v1/flows/${encodeURIComponent(id)}`, FlowDetail);
export const getConversation = (id: string) => getJson(`/api/v1/conversations/${encodeURIComponent(id)}`, Conversation);
export const listRuns = (id: string) => getJson(`/api/v1/conversations/${encodeURIComponent(id)}/runs?limit=200`, page(Run));
const FlowVersion = z.object({ version: z.number(), id: z.string(), document: z.unknown() });

/** A published version's document, checked like the editor checks a draft. */
export async function getFlowVersion(flowId: string, version: number): Promise<FlowDocument> {
  const body = await getJson(`/api/v1/flows/${encodeURIComponent(flowId)}/versions/${version}`, FlowVersion);
  const parsed = parseFlowDocument(body.document);
  if (!parsed.ok) throw new Error(`version ${version} is invalid: ${parsed.issues[0]?.message ?? 'unknown problem'}`);
  return parsed.value;
}

export const listSpans = (runId: string) => getJson(`/api/v1/runs/${encodeURIComponent(runId)}/spans`, z.object({ items: z.array(Span) }));

export function listMessages(id: string, cursor: string | null) {
  const query = new URLSearchParams({ limit: '100' });
  if (cursor !== null) query.set('cursor', cursor);
  return getJson(`/api/v1/conversations/${encodeURIComponent(id)}/messages?${query.toString()}`, page(Message));
}

export const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
