import type { Database } from '@switchboard/db';
import { newId, parseFlowDocument, requirementsOf } from '@switchboard/flow-schema';
import type { FlowDocument, NodeRegistry } from '@switchboard/flow-schema';
import { isUuid } from './errors.ts';
import type { FlowService } from './flows.ts';
import type { TemplateGallery } from './gallery.ts';
import { toJson } from './json.ts';
import { SwitchboardError } from './service.ts';
import type { SaveTemplateRequest, TemplateSummary } from './service.ts';

interface TemplateRow {
  id: string;
  name: string;
  description: string | null;
  document: unknown;
}

/**
 * Every template a flow can start from: the built-in files (the gallery) and the flows saved as
 * templates on this instance (the `templates` table). Instance ids are UUIDs, built-in ids file names.
 */
export class TemplateCatalog {
  private readonly db: Database;
  private readonly gallery: TemplateGallery;
  private readonly flows: FlowService;
  private readonly registry: NodeRegistry;

  constructor(db: Database, gallery: TemplateGallery, flows: FlowService, registry: NodeRegistry) {
    this.db = db;
    this.gallery = gallery;
    this.flows = flows;
    this.registry = registry;
  }

  async list(): Promise<TemplateSummary[]> {
    const [builtin, rows] = await Promise.all([this.gallery.list(), this.db.prisma.template.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })]);
    const saved = rows.flatMap((row) => {
      const doc = storedDocument(row);
      return doc ? [this.summary(row, doc)] : [];
    });
    return [...builtin, ...saved];
  }

  /** The template's document, built-in or saved here; 404 for an unknown id. */
  async read(id: string): Promise<FlowDocument> {
    if (isUuid(id)) {
      const row = await this.db.prisma.template.findUnique({ where: { id } });
      const doc = row ? storedDocument(row) : undefined;
      if (doc) return doc;
    }
    return this.gallery.read(id);
  }

  /** Stores the flow's export form (credentials stripped) under the template's name and description. */
  async save(request: SaveTemplateRequest): Promise<TemplateSummary> {
    const flow = await this.flows.get(request.flowId);
    const exported: unknown = JSON.parse(await this.flows.export(request.flowId));
    const name = request.name ?? flow.name;
    const description = (request.description ?? flow.description ?? '') || null;
    const parsed = parseFlowDocument(exported);
    if (!parsed.ok) throw new Error(`the export of flow ${flow.id} is not a valid flow document`);
    // The name and description travel in the document, so a flow made from the template is called so.
    const { description: _flows, ...rest } = parsed.value;
    const document: FlowDocument = { ...rest, name, ...(description === null ? {} : { description }) };
    const row = await this.db.prisma.template.create({ data: { id: newId(), name, description, document: toJson(document) } });
    return this.summary(row, document);
  }

  async delete(id: string): Promise<void> {
    if (isUuid(id)) {
      const { count } = await this.db.prisma.template.deleteMany({ where: { id } });
      if (count > 0) return;
    }
    const builtin = (await this.gallery.list()).find((template) => template.id === id);
    if (builtin) {
      throw new SwitchboardError(
        409,
        'builtin_template',
        `"${builtin.name}" is a built-in template (a file shipped in the server's templates directory) and cannot be deleted here; only templates saved from flows on this instance can be deleted`,
        { id, source: 'builtin' },
      );
    }
    throw new SwitchboardError(404, 'template_not_found', `there is no template "${id}": GET /api/v1/templates lists them`);
  }

  private summary(row: TemplateRow, doc: FlowDocument): TemplateSummary {
    return { id: row.id, name: row.name, description: row.description, requires: requirementsOf(doc, this.registry), source: 'instance' };
  }
}

/** A stored document read back through the flow format's parser (which migrates older schema versions). */
function storedDocument(row: TemplateRow): FlowDocument | undefined {
  const parsed = parseFlowDocument(row.document);
  return parsed.ok ? parsed.value : undefined;
}
