import type { FlowNode } from './document.ts';

/**
 * Config may name stored credentials too (a model node's fallback on another provider has its own key):
 * any `credentialId` string inside a node's config is a reference, exactly like the node's own
 * `credentialId`. They are loaded with the plan, checked at publish, stripped on export and counted
 * when a credential is about to be deleted.
 */
export const CREDENTIAL_REF_KEY = 'credentialId';

/** Every credential a node refers to: its own, then those its config names, without repeats. */
export function credentialRefsOf(node: Pick<FlowNode, 'credentialId' | 'config'>): string[] {
  const refs = new Set<string>();
  if (node.credentialId !== undefined) refs.add(node.credentialId);
  collect(node.config, refs, 0);
  return [...refs];
}

function collect(value: unknown, refs: Set<string>, depth: number): void {
  if (depth > 8 || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, refs, depth + 1);
    return;
  }
  for (const [key, field] of Object.entries(value)) {
    if (key === CREDENTIAL_REF_KEY && typeof field === 'string' && field !== '') refs.add(field);
    else collect(field, refs, depth + 1);
  }
}

/** A config with the credential references it holds removed (for export). */
export function withoutCredentialRefs(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).flatMap(([key, field]) => (key === CREDENTIAL_REF_KEY ? [] : [[key, stripped(field)]])));
}

function stripped(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    return items.map((item) => stripped(item));
  }
  return withoutCredentialRefs(Object.fromEntries(Object.entries(value)));
}
