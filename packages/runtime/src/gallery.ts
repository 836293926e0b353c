import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFlowDocument, requirementsOf } from '@switchboard/flow-schema';
import type { FlowDocument, NodeRegistry } from '@switchboard/flow-schema';
import { SwitchboardError } from './service.ts';
import type { TemplateSummary } from './service.ts';

/**
 * The built-in templates: one flow document per JSON file in a directory (the repository's
 * templates/). Read on every call: the directory is small, and an edited file shows at once.
 */
export class TemplateGallery {
  private readonly dir: string | undefined;
  private readonly registry: NodeRegistry;

  constructor(dir: string | undefined, registry: NodeRegistry) {
    this.dir = dir;
    this.registry = registry;
  }

  async list(): Promise<TemplateSummary[]> {
    if (this.dir === undefined) return [];
    const files = (await readdir(this.dir).catch(() => [])).filter((file) => file.endsWith('.json')).sort();
    const templates = await Promise.all(
      files.map(async (file): Promise<TemplateSummary | undefined> => {
        const id = file.slice(0, -'.json'.length);
        const doc = await this.read(id).catch(() => undefined);
        return doc ? { id, name: doc.name, description: doc.description ?? null, requires: requirementsOf(doc, this.registry), source: 'builtin' } : undefined;
      }),
    );
    return templates.filter((template) => template !== undefined);
  }

  /** The template's document; 404 for an unknown id. */
  async read(id: string): Promise<FlowDocument> {
    if (this.dir === undefined || !/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw unknownTemplate(id);
    const text = await readFile(path.join(this.dir, `${id}.json`), 'utf8').catch(() => undefined);
    if (text === undefined) throw unknownTemplate(id);
    const parsed = parseFlowDocument(JSON.parse(text));
    if (!parsed.ok) throw new Error(`template ${id} is not a valid flow document: ${parsed.issues.map((issue) => issue.message).join('; ')}`);
    return parsed.value;
  }
}

function unknownTemplate(id: string): SwitchboardError {
  return new SwitchboardError(404, 'not_found', `there is no template "${id}": GET /api/v1/templates lists them`);
}
