import { withoutCredentialRefs } from './credential-refs.ts';
import { stringifyFlowDocument } from './document.ts';
import type { FlowDocument } from './document.ts';
import type { NodeRegistry } from './registry.ts';

/** What a flow needs on the server that runs it: node types (with versions) and credential types. */
export interface FlowRequirements {
  nodes: { type: string; version: number }[];
  credentials: string[];
}

export function requirementsOf(doc: FlowDocument, registry: NodeRegistry): FlowRequirements {
  const nodes = new Map<string, { type: string; version: number }>();
  const credentials = new Set<string>();
  for (const node of doc.nodes) {
    nodes.set(`${node.type}@${node.typeVersion}`, { type: node.type, version: node.typeVersion });
    const credential = registry.get(node.type, node.typeVersion)?.credential;
    if (credential) credentials.add(credential.type);
  }
  const byKey = (a: { type: string; version: number }, b: { type: string; version: number }): number => a.type.localeCompare(b.type) || a.version - b.version;
  return { nodes: [...nodes.values()].sort(byKey), credentials: [...credentials].sort() };
}

/**
 * A flow as a file to share: stored credential ids stripped (they mean nothing on another server, and
 * secrets never leave it), what it needs listed under `requires`, keys in a stable order so that
 * exports diff cleanly and exporting an imported export gives the same bytes.
 */
export function exportFlowDocument(doc: FlowDocument, registry: NodeRegistry): string {
  const nodes = doc.nodes.map(({ credentialId: _stripped, ...node }) => ({ ...node, config: withoutCredentialRefs(node.config) }));
  return stringifyFlowDocument({ ...doc, nodes, requires: requirementsOf(doc, registry) });
}

export type ImportCheck =
  | { kind: 'unknown_node_type'; nodeId: string; type: string; version: number; message: string }
  | { kind: 'credential_needed'; nodeId: string; credentialType: string; available: number; message: string };

/**
 * What an imported flow still needs on this server, for a checklist: node types it does not have, and
 * nodes that need a credential (with how many of that type are stored here to choose from).
 */
export function checkImport(doc: FlowDocument, registry: NodeRegistry, credentialTypes: readonly string[]): ImportCheck[] {
  const checks: ImportCheck[] = [];
  for (const node of doc.nodes) {
    const definition = registry.get(node.type, node.typeVersion);
    if (!definition) {
      const latest = registry.latest(node.type);
      const message = latest
        ? `node \`${node.id}\` is ${node.type} version ${node.typeVersion}; this server has version ${latest.version}`
        : `node \`${node.id}\` is ${node.type}, which this server does not have: install the plugin that provides it`;
      checks.push({ kind: 'unknown_node_type', nodeId: node.id, type: node.type, version: node.typeVersion, message });
      continue;
    }
    const credential = definition.credential;
    if (!credential || node.credentialId !== undefined) continue;
    const available = credentialTypes.filter((type) => type === credential.type).length;
    const message =
      available === 0
        ? `node \`${node.id}\` needs a ${credential.type} credential${credential.optional ? ' (optional)' : ''}: add one, then choose it on the node`
        : `node \`${node.id}\` needs a ${credential.type} credential${credential.optional ? ' (optional)' : ''}: choose one of the ${available} stored`;
    checks.push({ kind: 'credential_needed', nodeId: node.id, credentialType: credential.type, available, message });
  }
  return checks;
}
