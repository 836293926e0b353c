import { compileFlow } from '@switchboard/compiler';
import type { ExecutionPlan } from '@switchboard/compiler';
import type { Database } from '@switchboard/db';
import { parseFlowDocument } from '@switchboard/flow-schema';
import type { NodeRegistry } from '@switchboard/flow-schema';
import { notFound, requireUuid } from './errors.ts';
import { SwitchboardError } from './service.ts';

export interface LoadedPlan {
  versionId: string;
  version: number;
  plan: ExecutionPlan;
  credentials: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

export type CredentialLoader = (ids: readonly string[]) => Promise<Map<string, Record<string, string>>>;

/**
 * Compiled plans, cached: a published version is immutable, so it is compiled once per process and
 * every turn reuses the plan. The flow → published version pointer is cached too and replaced on publish.
 */
export class PlanCache {
  private readonly versions = new Map<string, Promise<LoadedPlan>>();
  private readonly published = new Map<string, { plan: Promise<LoadedPlan>; at: number }>();
  /**
   * With several web instances (queue mode) another one may publish: its notice drops the pointer
   * here, and this bound covers a notice lost to a Redis outage. Unset: kept until replaced.
   */
  pointerTtlMs: number | undefined;
  private readonly db: Database;
  private readonly registry: NodeRegistry;
  private readonly loadCredentials: CredentialLoader;

  constructor(db: Database, registry: NodeRegistry, loadCredentials: CredentialLoader) {
    this.db = db;
    this.registry = registry;
    this.loadCredentials = loadCredentials;
  }

  /** The plan of a flow's published version; 404 for an unknown flow, 409 when nothing is published. */
  forFlow(flowId: string): Promise<LoadedPlan> {
    const cached = this.published.get(flowId);
    if (cached && (this.pointerTtlMs === undefined || Date.now() - cached.at < this.pointerTtlMs)) return cached.plan;
    const plan = this.loadPublished(flowId);
    const entry = { plan, at: Date.now() };
    this.published.set(flowId, entry);
    plan.catch(() => {
      if (this.published.get(flowId) === entry) this.published.delete(flowId);
    });
    return plan;
  }

  forVersion(versionId: string): Promise<LoadedPlan> {
    let entry = this.versions.get(versionId);
    if (!entry) {
      entry = this.loadVersion(versionId);
      this.versions.set(versionId, entry);
      entry.catch(() => this.versions.delete(versionId));
    }
    return entry;
  }

  /** Called after a publish: the next turn picks up the new version. */
  setPublished(flowId: string, plan: LoadedPlan): void {
    const entry = Promise.resolve(plan);
    this.versions.set(plan.versionId, entry);
    this.published.set(flowId, { plan: entry, at: Date.now() });
  }

  /** Another instance published this flow: the next turn reads the pointer again. */
  forget(flowId: string): void {
    this.published.delete(flowId);
  }

  /** A credential was deleted: plans holding its decrypted secret are dropped, so none runs with it again. */
  async dropCredential(credentialId: string): Promise<void> {
    for (const [versionId, entry] of this.versions) {
      const loaded = await entry.catch(() => undefined);
      if (loaded?.credentials.has(credentialId) === true && this.versions.get(versionId) === entry) this.versions.delete(versionId);
    }
    for (const [flowId, pointer] of this.published) {
      const loaded = await pointer.plan.catch(() => undefined);
      if (loaded?.credentials.has(credentialId) === true && this.published.get(flowId) === pointer) this.published.delete(flowId);
    }
  }

  async build(versionId: string, version: number, plan: ExecutionPlan): Promise<LoadedPlan> {
    const ids = [...plan.nodes.values()].flatMap((node) => node.credentialRefs);
    return { versionId, version, plan, credentials: ids.length > 0 ? await this.loadCredentials(ids) : new Map() };
  }

  private async loadPublished(flowId: string): Promise<LoadedPlan> {
    requireUuid('flow', flowId);
    const flow = await this.db.prisma.flow.findUnique({ where: { id: flowId }, select: { publishedVersionId: true } });
    if (!flow) throw notFound('flow', flowId);
    if (!flow.publishedVersionId) {
      throw new SwitchboardError(409, 'flow_not_published', `flow ${flowId} has no published version: publish it first (POST /api/v1/flows/${flowId}/publish)`);
    }
    return this.forVersion(flow.publishedVersionId);
  }

  private async loadVersion(versionId: string): Promise<LoadedPlan> {
    const row = await this.db.prisma.flowVersion.findUnique({ where: { id: versionId } });
    if (!row) throw notFound('flow_version', versionId);
    const parsed = parseFlowDocument(row.document);
    if (!parsed.ok) throw new Error(`stored flow version ${versionId} is not a valid document: ${parsed.issues.map((issue) => issue.message).join('; ')}`);
    const compiled = compileFlow(parsed.value, this.registry);
    if (!compiled.ok) {
      throw new SwitchboardError(
        409,
        'version_not_runnable',
        `flow version ${row.version} no longer compiles on this server: ${compiled.problems.map((problem) => problem.message).join('; ')}`,
        compiled.problems,
      );
    }
    return this.build(versionId, row.version, compiled.plan);
  }
}
