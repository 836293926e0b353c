import type { Conversation, Database } from '@switchboard/db';
import { isUuid, notFound, requireUuid } from './errors.ts';
import { SwitchboardError } from './service.ts';
import type { ConversationFilter, ConversationSummary, MessageView, Page, RunStatus, RunView, SpanView } from './service.ts';

const MAX_PAGE = 200;

function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? 50, 1), MAX_PAGE);
}

/** Cursor pages keyed by the time-ordered uuid ids: `cursor` is the last id of the previous page. */
function page<T extends { id: string }>(rows: T[], size: number): Page<T> {
  const items = rows.slice(0, size);
  return { items, nextCursor: rows.length > size ? (items.at(-1)?.id ?? null) : null };
}

function cursorFilter(cursor: string | undefined, direction: 'gt' | 'lt'): { id?: { gt: string } | { lt: string } } {
  if (cursor === undefined) return {};
  if (!isUuid(cursor)) throw new SwitchboardError(400, 'invalid_cursor', 'cursor must be the nextCursor of a previous page');
  return { id: direction === 'gt' ? { gt: cursor } : { lt: cursor } };
}

/** Prisma passes `contains` to ILIKE as is: escape its wildcards so "100%" means the text "100%". */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** `from` and `to` bound the last activity (updatedAt), both included. */
function lastActivity({ from, to }: ConversationFilter): { updatedAt?: { gte?: Date; lte?: Date } } {
  if (from === undefined && to === undefined) return {};
  return { updatedAt: { ...(from === undefined ? {} : { gte: from }), ...(to === undefined ? {} : { lte: to }) } };
}

function conversationStatus(value: string): ConversationSummary['status'] {
  return value === 'waiting' || value === 'delayed' || value === 'failed' ? value : 'active';
}

function runStatus(value: string): RunStatus {
  return value === 'running' || value === 'waiting' || value === 'failed' ? value : 'completed';
}

function spanStatus(value: string): SpanView['status'] {
  return value === 'error' || value === 'suspended' ? value : 'ok';
}

/** Read side for the operator console: conversations, their messages, runs and spans. */
export class ConsoleQueries {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /**
   * Newest first, walking the primary key backwards; the other filters are checked on the way. The text
   * filter is an EXISTS over the conversation's messages (its (conversation_id, id) index), ILIKE on each.
   */
  async conversations(filter: ConversationFilter): Promise<Page<ConversationSummary>> {
    if (filter.flowId !== undefined && !isUuid(filter.flowId)) return { items: [], nextCursor: null };
    const size = pageSize(filter.limit);
    const rows = await this.db.prisma.conversation.findMany({
      where: {
        ...(filter.flowId === undefined ? {} : { flowId: filter.flowId }),
        ...(filter.status === undefined ? {} : { status: filter.status }),
        ...(filter.channel === undefined ? {} : { channel: filter.channel }),
        ...(filter.userId === undefined ? {} : { userId: filter.userId }),
        ...(filter.text === undefined ? {} : { messages: { some: { text: { contains: likeLiteral(filter.text), mode: 'insensitive' } } } }),
        ...lastActivity(filter),
        ...cursorFilter(filter.cursor, 'lt'),
      },
      orderBy: { id: 'desc' },
      take: size + 1,
    });
    return page(rows.map(conversationView), size);
  }

  async conversation(id: string): Promise<ConversationSummary> {
    requireUuid('conversation', id);
    const row = await this.db.prisma.conversation.findUnique({ where: { id } });
    if (!row) throw notFound('conversation', id);
    return conversationView(row);
  }

  async messages(conversationId: string, options: { cursor?: string; limit?: number }): Promise<Page<MessageView>> {
    await this.conversation(conversationId);
    const size = pageSize(options.limit);
    const rows = await this.db.prisma.message.findMany({
      where: { conversationId, ...cursorFilter(options.cursor, 'gt') },
      orderBy: { id: 'asc' },
      take: size + 1,
    });
    return page(
      rows.map((row) => ({
        id: row.id,
        direction: row.direction === 'out' ? 'out' : 'in',
        text: row.text,
        data: row.data,
        runId: row.runId,
        createdAt: row.createdAt.toISOString(),
      })),
      size,
    );
  }

  async runs(conversationId: string, options: { cursor?: string; limit?: number }): Promise<Page<RunView>> {
    await this.conversation(conversationId);
    const size = pageSize(options.limit);
    const rows = await this.db.prisma.run.findMany({
      where: { conversationId, ...cursorFilter(options.cursor, 'gt') },
      orderBy: { id: 'asc' },
      take: size + 1,
    });
    return page(rows.map(runView), size);
  }

  async run(id: string): Promise<RunView> {
    requireUuid('run', id);
    const row = await this.db.prisma.run.findUnique({ where: { id } });
    if (!row) throw notFound('run', id);
    return runView(row);
  }

  async spans(runId: string): Promise<SpanView[]> {
    await this.run(runId);
    const rows = await this.db.prisma.span.findMany({ where: { runId }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] });
    return rows.map((row) => ({
      id: row.id,
      runId: row.runId,
      nodeId: row.nodeId,
      nodeType: row.nodeType,
      status: spanStatus(row.status),
      attempt: row.attempt,
      iteration: row.iteration,
      input: row.input,
      output: row.output,
      error: row.error,
      startedAt: row.startedAt.toISOString(),
      durationMs: row.durationMs,
      usage: usageOf(row.usage),
      truncated: row.truncated,
    }));
  }
}

function conversationView(row: Conversation): ConversationSummary {
  return {
    id: row.id,
    flowId: row.flowId,
    channel: row.channel,
    externalId: row.externalId,
    userId: row.userId,
    status: conversationStatus(row.status),
    waitingNodeId: row.waitingNodeId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function runView(row: {
  id: string;
  conversationId: string;
  flowVersionId: string;
  status: string;
  error: unknown;
  steps: number;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}): RunView {
  return {
    id: row.id,
    conversationId: row.conversationId,
    flowVersionId: row.flowVersionId,
    status: runStatus(row.status),
    error: row.error,
    steps: row.steps,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    durationMs: row.durationMs,
  };
}

function usageOf(value: unknown): SpanView['usage'] {
  if (typeof value !== 'object' || value === null) return null;
  const inputTokens = 'inputTokens' in value && typeof value.inputTokens === 'number' ? value.inputTokens : 0;
  const outputTokens = 'outputTokens' in value && typeof value.outputTokens === 'number' ? value.outputTokens : 0;
  const model = 'model' in value && typeof value.model === 'string' ? value.model : undefined;
  const costUsd = 'costUsd' in value && typeof value.costUsd === 'number' ? value.costUsd : undefined;
  return { inputTokens, outputTokens, ...(model === undefined ? {} : { model }), ...(costUsd === undefined ? {} : { costUsd }) };
}
