import { z } from 'zod';

/** The newest flow document format. Older documents are migrated on read by `parseFlowDocument`. */
export const FLOW_SCHEMA_VERSION = 1;

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, "-" and "_" only');

export const NodeSettings = z
  .object({
    /** Extra attempts after the first failure. */
    retries: z.number().int().min(0).max(10).optional(),
    /** Wait before the first retry; doubles on each further retry. */
    retryBackoffMs: z.number().int().min(0).max(60_000).optional(),
    /** One budget shared by all attempts of this node. */
    timeoutMs: z.number().int().min(1).max(600_000).optional(),
  })
  .strict();
export type NodeSettings = z.infer<typeof NodeSettings>;

export const FlowNode = z
  .object({
    id,
    type: z.string().min(1).max(128),
    typeVersion: z.number().int().min(1),
    label: z.string().max(200).optional(),
    config: z.record(z.string(), z.unknown()).default({}),
    settings: NodeSettings.optional(),
    /** Id of a stored credential; stripped on export. */
    credentialId: z.string().max(64).optional(),
    position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  })
  .strict();
export type FlowNode = z.infer<typeof FlowNode>;

export const FlowEdge = z
  .object({
    id,
    source: id,
    sourcePort: z.string().min(1).max(64),
    target: id,
    targetPort: z.string().min(1).max(64),
  })
  .strict();
export type FlowEdge = z.infer<typeof FlowEdge>;

export const FlowDocument = z
  .object({
    schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    nodes: z.array(FlowNode).max(2000),
    edges: z.array(FlowEdge).max(10_000),
    /**
     * What the flow needs to run: written on export for whoever imports it (see exportFlowDocument);
     * recomputed, never trusted, by the importing server.
     */
    requires: z
      .object({
        nodes: z.array(z.object({ type: z.string().max(128), version: z.number().int().min(1) }).strict()).max(2000),
        credentials: z.array(z.string().max(128)).max(2000),
      })
      .strict()
      .optional(),
  })
  .strict();
export type FlowDocument = z.infer<typeof FlowDocument>;

export interface DocumentIssue {
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: DocumentIssue[] };

/** Migrations from schemaVersion N to N + 1, keyed by N. */
const migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates an untrusted flow document, migrating older schema versions first.
 * Never throws: problems come back as issues with a path and a message that says what to fix.
 */
export function parseFlowDocument(input: unknown): ParseResult<FlowDocument> {
  if (!isRecord(input)) {
    return { ok: false, issues: [{ path: '', message: 'a flow document must be a JSON object' }] };
  }
  let doc = input;
  let version = doc.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return {
      ok: false,
      issues: [{ path: 'schemaVersion', message: `set schemaVersion to ${FLOW_SCHEMA_VERSION}` }],
    };
  }
  if (version > FLOW_SCHEMA_VERSION) {
    return {
      ok: false,
      issues: [
        {
          path: 'schemaVersion',
          message: `schemaVersion ${version} is newer than this server understands (${FLOW_SCHEMA_VERSION}); upgrade Switchboard`,
        },
      ],
    };
  }
  while (version < FLOW_SCHEMA_VERSION) {
    const migrate = migrations[version];
    if (!migrate) {
      return { ok: false, issues: [{ path: 'schemaVersion', message: `schemaVersion ${version} is not supported` }] };
    }
    doc = migrate(doc);
    version += 1;
  }
  const parsed = FlowDocument.safeParse(doc);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    };
  }
  const issues = duplicateIds(parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: parsed.data };
}

function duplicateIds(doc: FlowDocument): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const seenNodes = new Set<string>();
  doc.nodes.forEach((node, index) => {
    if (seenNodes.has(node.id)) issues.push({ path: `nodes.${index}.id`, message: `node id "${node.id}" is used twice` });
    seenNodes.add(node.id);
  });
  const seenEdges = new Set<string>();
  doc.edges.forEach((edge, index) => {
    if (seenEdges.has(edge.id)) issues.push({ path: `edges.${index}.id`, message: `edge id "${edge.id}" is used twice` });
    seenEdges.add(edge.id);
  });
  return issues;
}

/** Serializes a document with a stable key order so exports diff cleanly. */
export function stringifyFlowDocument(doc: FlowDocument): string {
  return JSON.stringify(sortKeys(doc), null, 2) + '\n';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys(value[key])]),
    );
  }
  return value;
}
