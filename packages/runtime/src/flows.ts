import { compileFlow } from '@switchboard/compiler';
import type { CredentialsRepository, Database, Prisma } from '@switchboard/db';
import { newId } from '@switchboard/flow-schema';
import { checkImport, exportFlowDocument, parseFlowDocument } from '@switchboard/flow-schema';
import type { FlowDocument, ImportCheck, NodeRegistry } from '@switchboard/flow-schema';
import { notFound, requireUuid } from './errors.ts';
import { listFlowItems } from './flow-list.ts';
import { toJson } from './json.ts';
import type { PlanCache } from './plans.ts';
import { SerialQueue } from './serial-queue.ts';
import { SwitchboardError } from './service.ts';
import type { FlowDetail, FlowListItem, FlowSummary, FlowVersionView } from './service.ts';

interface FlowRow {
  id: string;
  name: string;
  description: string | null;
  draft: unknown;
  draftRevision: number;
  createdAt: Date;
  updatedAt: Date;
  versions: { id: string; version: number; createdAt: Date }[];
  publishedVersionId: string | null;
}

/** Validates an untrusted document: 400 for a malformed one, 422 for node types this server lacks. */
export function acceptDocument(input: unknown, registry: NodeRegistry): FlowDocument {
  const parsed = parseFlowDocument(input);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    const where = first?.path ? ` at \`${first.path}\`` : '';
    throw new SwitchboardError(400, 'invalid_document', `the flow document is invalid${where}: ${first?.message ?? 'unknown problem'}`, parsed.issues);
  }
  const unknown = parsed.value.nodes.filter((node) => !registry.latest(node.type));
  if (unknown.length > 0) {
    throw new SwitchboardError(
      422,
      'unknown_node_type',
      unknown.map((node) => `node \`${node.id}\`: unknown node type \`${node.type}\``).join('; '),
      unknown.map((node) => ({ nodeId: node.id, type: node.type })),
    );
  }
  // `requires` describes an exported file; this server recomputes it on the next export.
  const { requires: _recomputed, ...doc } = parsed.value;
  return doc;
}

function summary(row: FlowRow): FlowSummary {
  const published = row.versions.find((version) => version.id === row.publishedVersionId);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    publishedVersion: published?.version ?? null,
    draftRevision: row.draftRevision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function detail(row: FlowRow): FlowDetail {
  const draft = parseFlowDocument(row.draft);
  if (!draft.ok) throw new Error(`stored draft of flow ${row.id} is invalid`);
  return {
    ...summary(row),
    draft: draft.value,
    versions: row.versions.map((version) => ({ id: version.id, version: version.version, createdAt: version.createdAt.toISOString() })),
  };
}

/** Someone saved the draft after the caller read it: say so, and how to go on. */
function draftConflict(flowId: string, yours: number, current: number, updatedAt: Date): SwitchboardError {
  return new SwitchboardError(
    409,
    'draft_conflict',
    `the draft of flow ${flowId} was changed by someone else (your edit is based on revision ${yours}, the stored draft is at revision ${current}, saved ${updatedAt.toISOString()}): ` +
      `load the flow again to see their version, or send your document again with If-Match: "${current}" to replace theirs`,
    { yourRevision: yours, currentRevision: current, updatedAt: updatedAt.toISOString() },
  );
}

/** A 404 that lists the versions there are, so the caller can pick one. */
function versionNotFound(flow: FlowDetail, version: number): SwitchboardError {
  const numbers = flow.versions.map((entry) => entry.version);
  const there = numbers.length === 0 ? 'the flow has no published versions yet' : `its versions are ${numbers.join(', ')}`;
  return new SwitchboardError(404, 'version_not_found', `flow ${flow.id} has no version ${version}: ${there}`, { versions: numbers });
}

const withVersions = {
  versions: { select: { id: true, version: true, createdAt: true }, orderBy: { version: 'asc' } },
} satisfies Prisma.FlowInclude;

export class FlowService {
  private readonly db: Database;
  private readonly registry: NodeRegistry;
  private readonly plans: PlanCache;
  private readonly credentials: CredentialsRepository;
  private readonly publishing = new SerialQueue();
  private readonly onPublished: (flowId: string) => void;

  /** `onPublished` tells other instances (queue mode) to drop their cached pointer to the live version. */
  constructor(db: Database, registry: NodeRegistry, plans: PlanCache, credentials: CredentialsRepository, onPublished: (flowId: string) => void = () => undefined) {
    this.onPublished = onPublished;
    this.db = db;
    this.registry = registry;
    this.plans = plans;
    this.credentials = credentials;
  }

  async import(input: unknown): Promise<FlowDetail> {
    const doc = acceptDocument(input, this.registry);
    const row = await this.db.prisma.flow.create({
      data: { id: newId(), name: doc.name, description: doc.description ?? null, draft: toJson(doc) },
      include: withVersions,
    });
    return detail(row);
  }

  list(): Promise<FlowListItem[]> {
    return listFlowItems(this.db.pool);
  }

  async get(flowId: string): Promise<FlowDetail> {
    requireUuid('flow', flowId);
    const row = await this.db.prisma.flow.findUnique({ where: { id: flowId }, include: withVersions });
    if (!row) throw notFound('flow', flowId);
    return detail(row);
  }

  /**
   * A compare-and-set: with `baseRevision` the UPDATE matches the row only while its revision is still
   * that one, so of two editors that started from the same revision exactly one wins.
   */
  async updateDraft(flowId: string, input: unknown, baseRevision?: number): Promise<FlowDetail> {
    requireUuid('flow', flowId);
    const doc = acceptDocument(input, this.registry);
    const data = { name: doc.name, description: doc.description ?? null, draft: toJson(doc), draftRevision: { increment: 1 } };
    // One transaction: the UPDATE holds the row until commit, so the row read back is the one written here.
    const row = await this.db.prisma.$transaction(async (tx) => {
      const { count } = await tx.flow.updateMany({ where: { id: flowId, ...(baseRevision === undefined ? {} : { draftRevision: baseRevision }) }, data });
      if (count === 1) return tx.flow.findUnique({ where: { id: flowId }, include: withVersions });
      const stored = await tx.flow.findUnique({ where: { id: flowId }, select: { draftRevision: true, updatedAt: true } });
      if (!stored) throw notFound('flow', flowId);
      throw draftConflict(flowId, baseRevision ?? stored.draftRevision, stored.draftRevision, stored.updatedAt);
    });
    if (!row) throw notFound('flow', flowId);
    return detail(row);
  }

  /** Deletes the flow; its versions, conversations, messages, runs and spans go with it (foreign keys cascade). */
  async delete(flowId: string): Promise<void> {
    requireUuid('flow', flowId);
    // Checkpoints have no foreign key (they are written mid-turn, before the run row): cleared by hand.
    await this.db.pool.query(
      'DELETE FROM checkpoints WHERE run_id IN (SELECT r.id FROM runs r JOIN flow_versions v ON v.id = r.flow_version_id WHERE v.flow_id = $1)',
      [flowId],
    );
    const { count } = await this.db.prisma.flow.deleteMany({ where: { id: flowId } });
    if (count === 0) throw notFound('flow', flowId);
    this.plans.forget(flowId);
    this.onPublished(flowId); // other instances drop their pointer to its live version too
  }

  /** The draft as a file to share (see exportFlowDocument): credentials stripped, requirements listed. */
  async export(flowId: string): Promise<string> {
    const flow = await this.get(flowId);
    return exportFlowDocument(flow.draft, this.registry);
  }

  /** What a document still needs on this server before it can run, for the import checklist. */
  async checkImport(input: unknown): Promise<{ document: FlowDocument; checks: ImportCheck[] }> {
    const parsed = parseFlowDocument(input);
    if (!parsed.ok) {
      const first = parsed.issues[0];
      throw new SwitchboardError(400, 'invalid_document', `the flow document is invalid${first?.path ? ` at \`${first.path}\`` : ''}: ${first?.message ?? 'unknown problem'}`, parsed.issues);
    }
    const stored = await this.credentials.list();
    return { document: parsed.value, checks: checkImport(parsed.value, this.registry, stored.map((credential) => credential.type)) };
  }

  /** One published version, with the document it was published from. */
  async getVersion(flowId: string, version: number): Promise<FlowVersionView> {
    const flow = await this.get(flowId);
    const row = await this.db.prisma.flowVersion.findUnique({ where: { flowId_version: { flowId, version } } });
    if (!row) throw versionNotFound(flow, version);
    const document = parseFlowDocument(row.document);
    if (!document.ok) throw new Error(`stored version ${version} of flow ${flowId} is invalid`);
    return { version: row.version, id: row.id, createdAt: row.createdAt.toISOString(), document: document.value };
  }

  /** Copies a version's document into the draft; the live version stays as it is until the next publish. */
  async restoreVersion(flowId: string, version: number): Promise<FlowDetail> {
    const { document } = await this.getVersion(flowId, version);
    return this.updateDraft(flowId, document);
  }

  /** Compiles the draft; on success stores it as the next immutable version and makes it live. */
  publish(flowId: string): Promise<{ version: number; id: string }> {
    // Publishes of one flow take turns, so that each gets the next version number.
    return this.publishing.run(flowId, () => this.publishNow(flowId));
  }

  private async publishNow(flowId: string): Promise<{ version: number; id: string }> {
    const flow = await this.get(flowId);
    const credentialIds = new Set((await this.credentials.list()).map((credential) => credential.id));
    const compiled = compileFlow(flow.draft, this.registry, { credentialIds });
    if (!compiled.ok) {
      throw new SwitchboardError(
        422,
        'compile_failed',
        `the flow does not compile (${compiled.problems.length} problem${compiled.problems.length === 1 ? '' : 's'}): ${compiled.problems[0]?.message ?? ''}`,
        compiled.problems,
      );
    }
    const id = newId();
    const version = (flow.versions.at(-1)?.version ?? 0) + 1;
    await this.db.prisma.$transaction([
      this.db.prisma.flowVersion.create({ data: { id, flowId, version, document: toJson(flow.draft) } }),
      this.db.prisma.flow.update({ where: { id: flowId }, data: { publishedVersionId: id } }),
    ]);
    this.plans.setPublished(flowId, await this.plans.build(id, version, compiled.plan));
    this.onPublished(flowId);
    return { version, id };
  }
}
