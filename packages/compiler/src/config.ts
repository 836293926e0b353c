import { ExpressionError, hasTemplate, parseTemplate } from '@switchboard/flow-schema';
import type { Reference, Scope, Template } from '@switchboard/flow-schema';
import type { z } from 'zod';
import type { CompileProblem, ConfigResolution } from './plan.ts';

type Path = (string | number)[];

interface TemplateSlot {
  path: Path;
  template: Template;
}

export interface PreparedConfig {
  templates: TemplateSlot[];
  resolve: (scope: Scope) => ConfigResolution;
  references: { field: string; reference: Reference }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldName(path: Path): string {
  return path.map(String).join('.');
}

/** Finds every expression in a raw config, parsing each once. */
function collectTemplates(value: unknown, path: Path, out: TemplateSlot[], problems: CompileProblem[], nodeId: string): void {
  if (typeof value === 'string') {
    if (!hasTemplate(value)) return;
    try {
      out.push({ path, template: parseTemplate(value) });
    } catch (error) {
      const message = error instanceof ExpressionError ? error.message : String(error);
      problems.push({ nodeId, field: fieldName(path), message: `node \`${nodeId}\`: field \`${fieldName(path)}\`: ${message}` });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      collectTemplates(item, [...path, index], out, problems, nodeId);
    });
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) collectTemplates(item, [...path, key], out, problems, nodeId);
  }
}

/** Copies `value`, replacing each template slot with its evaluation; untouched branches are shared. */
function substitute(value: unknown, slots: readonly TemplateSlot[], depth: number, scope: Scope): unknown {
  const here = slots.find((slot) => slot.path.length === depth);
  if (here) return here.template.evaluate(scope);
  if (Array.isArray(value)) {
    const copy: unknown[] = value.slice();
    for (const [index, group] of groupByKey(slots, depth)) copy[Number(index)] = substitute(value[Number(index)], group, depth + 1, scope);
    return copy;
  }
  if (isRecord(value)) {
    const copy: Record<string, unknown> = { ...value };
    for (const [key, group] of groupByKey(slots, depth)) copy[key] = substitute(value[key], group, depth + 1, scope);
    return copy;
  }
  return value;
}

function groupByKey(slots: readonly TemplateSlot[], depth: number): Map<string, TemplateSlot[]> {
  const groups = new Map<string, TemplateSlot[]>();
  for (const slot of slots) {
    const key = String(slot.path[depth]);
    const group = groups.get(key);
    if (group) group.push(slot);
    else groups.set(key, [slot]);
  }
  return groups;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `\`${issue.path.map(String).join('.')}\`: ${issue.message}` : issue.message)).join('; ');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isRecord(current) && typeof key === 'string') current = current[key];
    else return undefined;
  }
  return current;
}

/**
 * Validates a node's stored config and prepares its resolver. Fields holding expressions are checked
 * again after resolution, at run time; everything else is checked here, once.
 */
export function prepareConfig(nodeId: string, schema: z.ZodType, raw: Record<string, unknown>, problems: CompileProblem[]): PreparedConfig {
  const templates: TemplateSlot[] = [];
  collectTemplates(raw, [], templates, problems, nodeId);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const atTemplate = templates.some((slot) => issue.path.length >= slot.path.length && slot.path.every((key, i) => String(key) === String(issue.path[i])));
      const rawValue = valueAt(raw, issue.path);
      if (atTemplate || (typeof rawValue === 'string' && hasTemplate(rawValue))) continue;
      const field = issue.path.map(String).join('.');
      problems.push({
        nodeId,
        ...(field ? { field } : {}),
        message: field ? `node \`${nodeId}\`: field \`${field}\`: ${issue.message}` : `node \`${nodeId}\`: config: ${issue.message}`,
      });
    }
  }
  const references = templates.flatMap((slot) => slot.template.references.map((reference) => ({ field: fieldName(slot.path), reference })));
  if (templates.length === 0) {
    const fixed: ConfigResolution = parsed.success ? { ok: true, config: parsed.data } : { ok: false, message: describeIssues(parsed.error) };
    return { templates, references, resolve: () => fixed };
  }
  return {
    templates,
    references,
    resolve(scope) {
      const resolved = substitute(raw, templates, 0, scope);
      const result = schema.safeParse(resolved);
      return result.success ? { ok: true, config: result.data } : { ok: false, message: `config after expressions: ${describeIssues(result.error)}` };
    },
  };
}
