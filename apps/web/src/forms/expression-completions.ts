import { FILTERS, type FlowDocument, type FlowEdge, type FlowNode, type NodeRegistry, type PortSpec } from '@switchboard/flow-schema';

/*
 * What to offer while the cursor is inside `{{ … }}` of a config field: the roots of the expression
 * language (message, vars, nodes), the outputs of the nodes that run before the edited one, and filters
 * after `|`. Pure: the form's completion popup only shows what this returns and applies the choice.
 */

export interface Completion {
  /** What the list shows, e.g. `nodes.llm-1.text`. */
  label: string;
  /** A type, signature or description shown beside the label. */
  detail: string;
  /** The text that replaces `from`–`to` (decorations such as ` }}` are added by applyCompletion). */
  insert: string;
  /** A prefix of a longer path (`nodes.`, `nodes.llm-1.`): accepting it keeps the list open for the next part. */
  continues: boolean;
}

export interface CompletionResult {
  /** The span of the source the chosen completion replaces: the partial word before the cursor. */
  from: number;
  to: number;
  /** The offset just past the `{{` the cursor is in. */
  open: number;
  items: Completion[];
}

export interface CompletionContext {
  doc: FlowDocument;
  /** The node whose config is being edited: only nodes upstream of it are offered. */
  nodeId: string;
  registry: NodeRegistry;
}

/** The fields of the inbound event, `message` in expressions (see InboundEvent in flow-schema). */
const MESSAGE_FIELDS: readonly { name: string; type: string; description: string }[] = [
  { name: 'text', type: 'text', description: 'Text of the message' },
  { name: 'kind', type: 'text', description: 'message, webhook or timer' },
  { name: 'userId', type: 'text', description: 'Who sent it, when the channel says' },
  { name: 'channel', type: 'text', description: 'Where it came from: api, webhook …' },
  { name: 'messageId', type: 'text', description: "The platform's id for the message" },
  { name: 'payload', type: 'object', description: 'Webhook body or platform extras' },
  { name: 'receivedAt', type: 'text', description: 'When the server received it (ISO 8601)' },
];

const ROOTS: readonly Completion[] = [
  { label: 'message', detail: 'the message that started this turn', insert: 'message', continues: true },
  { label: 'vars', detail: 'conversation variables', insert: 'vars', continues: true },
  { label: 'nodes', detail: 'outputs of earlier nodes', insert: 'nodes', continues: true },
  { label: 'message.text', detail: 'text · text of the message', insert: 'message.text', continues: false },
];

const PLAIN_NAME = /^[A-Za-z_\p{L}][\p{L}A-Za-z0-9_-]*$/u;
const NAME_CHAR = /[\p{L}A-Za-z0-9_\-.]/u;

/** The completions at `cursor` in `source`, or undefined when the cursor is not where a name goes inside `{{ }}`. */
export function completionsAt(source: string, cursor: number, context: CompletionContext): CompletionResult | undefined {
  const open = openBefore(source, cursor);
  if (open === undefined) return undefined;
  const inner = source.slice(open, cursor);
  if (insideString(inner)) return undefined;
  let start = inner.length;
  while (start > 0 && NAME_CHAR.test(inner.charAt(start - 1))) start -= 1;
  const token = inner.slice(start);
  if (/^[0-9-]/.test(token)) return undefined; // a number literal
  const before = inner.slice(0, start).trimEnd();
  const parts = token.split('.');
  const prefix = parts.at(-1) ?? '';
  const from = cursor - prefix.length;
  const result = (found: Completion[]): CompletionResult | undefined => {
    // A name typed out in full needs no list (a prefix such as `nodes` still offers its `.`).
    const items = found.filter((item) => item.continues || item.insert !== prefix);
    return items.length === 0 ? undefined : { from, to: cursor, open, items };
  };

  // Right after `|` (or after `| up` being typed): a filter name.
  if (before.endsWith('|')) {
    if (parts.length > 1) return undefined;
    return result(
      FILTERS.filter((filter) => startsWith(filter.name, prefix)).map((filter) => ({
        label: filter.name,
        detail: `${filter.args} ${filter.description}`.trim(),
        insert: filter.args === '' ? filter.name : `${filter.name}(`,
        continues: false,
      })),
    );
  }
  // A name starts at the beginning, or after `(`, `,` or `[`; anywhere else the cursor follows a finished operand.
  if (before !== '' && !/[(,[]$/.test(before)) return undefined;
  return result(pathCompletions(parts, context));
}

/** The offset just past the `{{` that the cursor is inside, if it is inside one. */
function openBefore(source: string, cursor: number): number | undefined {
  const at = source.lastIndexOf('{{', cursor - 2);
  if (at < 0 || (at > 0 && source.charAt(at - 1) === '\\')) return undefined;
  const inside = source.slice(at + 2, cursor);
  return inside.includes('}}') ? undefined : at + 2;
}

/** Whether the end of `inner` is inside a string literal, where names are not completed. */
function insideString(inner: string): boolean {
  let quote: string | undefined;
  for (let index = 0; index < inner.length; index += 1) {
    const char = inner.charAt(index);
    if (quote !== undefined) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
  }
  return quote !== undefined;
}

function pathCompletions(parts: readonly string[], context: CompletionContext): Completion[] {
  const [root, second, third] = parts;
  const prefix = parts.at(-1) ?? '';
  const upstream = upstreamNodes(context);
  if (parts.length === 1) {
    // The roots, and every upstream output written out: the usual choice is one select away.
    const outputs = upstream.flatMap(({ node, ports }) =>
      Object.entries(ports).map(([port, spec]) => portCompletion(`${nodePath(node.id)}.${port}`, `${nodePath(node.id)}.${port}`, spec, node)),
    );
    return [...ROOTS, ...outputs].filter((item) => startsWith(item.label, prefix) || item.label.split('.').some((segment) => startsWith(segment, prefix) && prefix !== ''));
  }
  if (parts.length === 2 && root === 'message') {
    return MESSAGE_FIELDS.filter((field) => startsWith(field.name, prefix)).map((field) => ({
      label: field.name,
      detail: `${field.type} · ${field.description}`,
      insert: field.name,
      continues: false,
    }));
  }
  if (parts.length === 2 && root === 'vars') {
    return variableNames(context.doc)
      .filter(({ name }) => startsWith(name, prefix))
      .map(({ name, setBy }) => ({ label: name, detail: `set by ${setBy}`, insert: name, continues: false }));
  }
  if (parts.length === 2 && root === 'nodes') {
    return upstream
      .filter(({ node }) => startsWith(node.id, prefix) && PLAIN_NAME.test(node.id))
      .map(({ node, definition }) => ({ label: node.id, detail: node.label ?? definition, insert: node.id, continues: true }));
  }
  if (parts.length === 3 && root === 'nodes' && second !== undefined && third !== undefined) {
    const entry = upstream.find(({ node }) => node.id === second);
    if (!entry) return [];
    return Object.entries(entry.ports)
      .filter(([port]) => startsWith(port, prefix))
      .map(([port, spec]) => portCompletion(port, port, spec, entry.node));
  }
  return [];
}

function portCompletion(label: string, insert: string, spec: PortSpec, node: FlowNode): Completion {
  const about = spec.description ?? spec.label ?? node.label ?? node.type;
  return { label, detail: `${spec.type} · ${about}`, insert, continues: false };
}

/** `nodes.llm-1`, or `nodes["1st"]` for an id the lexer would not read as a name. */
function nodePath(id: string): string {
  return PLAIN_NAME.test(id) ? `nodes.${id}` : `nodes[${JSON.stringify(id)}]`;
}

interface Upstream {
  node: FlowNode;
  /** The definition's title, for the list. */
  definition: string;
  ports: Record<string, PortSpec>;
}

/**
 * The nodes that run before `nodeId`, in document order: its ancestors along edges, not counting the
 * edges that send a loop body's result back to the loop (they do not order anything).
 */
export function upstreamNodes({ doc, nodeId, registry }: CompletionContext): Upstream[] {
  const byId = new Map(doc.nodes.map((node) => [node.id, node]));
  const isReturn = (edge: FlowEdge): boolean => {
    const target = byId.get(edge.target);
    const definition = target && registry.get(target.type, target.typeVersion);
    return definition?.loop?.returnPort === edge.targetPort;
  };
  const seen = new Set<string>();
  const stack = [nodeId];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const edge of doc.edges) {
      if (edge.target !== id || isReturn(edge) || seen.has(edge.source)) continue;
      seen.add(edge.source);
      stack.push(edge.source);
    }
  }
  seen.delete(nodeId);
  return doc.nodes.flatMap((node) => {
    if (!seen.has(node.id)) return [];
    const definition = registry.get(node.type, node.typeVersion);
    if (!definition) return [];
    let ports = definition.outputs;
    if (definition.outputsFor) {
      const parsed = definition.config.safeParse(node.config);
      if (parsed.success) ports = definition.outputsFor(parsed.data);
    }
    return [{ node, definition: definition.title, ports }];
  });
}

/**
 * Variable names the flow sets: set nodes' assignments and ask nodes' `variable`. Variables last across
 * turns, so every node in the flow counts, upstream or not.
 */
export function variableNames(doc: FlowDocument): { name: string; setBy: string }[] {
  const found = new Map<string, string>();
  const add = (name: unknown, nodeId: string) => {
    if (typeof name === 'string' && PLAIN_NAME.test(name) && !found.has(name)) found.set(name, nodeId);
  };
  for (const node of doc.nodes) {
    const { assignments, variable } = node.config;
    if (Array.isArray(assignments)) {
      for (const assignment of assignments) if (isRecord(assignment)) add(assignment.name, node.id);
    }
    add(variable, node.id);
  }
  return [...found].map(([name, setBy]) => ({ name, setBy }));
}

/**
 * The source after choosing `item`, and where the cursor goes. A path gets a space after `{{`; a finished
 * one gets ` }}` when the expression has no end yet; a path prefix gets `.` so the next part can follow.
 */
export function applyCompletion(source: string, result: CompletionResult, item: Completion): { text: string; cursor: number } {
  const head = source.slice(0, result.from);
  const tail = source.slice(result.to);
  const space = result.from === result.open && !item.insert.startsWith(' ') ? ' ' : '';
  const inserted = `${space}${item.insert}${item.continues ? '.' : ''}`;
  const closed = hasClose(tail);
  const close = item.continues || item.insert.endsWith('(') || closed ? '' : ' }}';
  return { text: `${head}${inserted}${close}${tail}`, cursor: head.length + inserted.length };
}

/** Whether the expression the cursor is in is already closed: a `}}` before the next `{{`. */
function hasClose(tail: string): boolean {
  const close = tail.indexOf('}}');
  const open = tail.indexOf('{{');
  return close >= 0 && (open < 0 || close < open);
}

function startsWith(candidate: string, prefix: string): boolean {
  return candidate.toLowerCase().startsWith(prefix.toLowerCase());
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
