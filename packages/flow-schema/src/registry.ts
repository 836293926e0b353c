import type { NodeDefinition } from './node.ts';

/** Looks node definitions up by type and version. */
export interface NodeRegistry<D extends NodeDefinition = NodeDefinition> {
  get(type: string, version: number): D | undefined;
  latest(type: string): D | undefined;
  all(): readonly D[];
}

export function createRegistry<D extends NodeDefinition>(definitions: readonly D[]): NodeRegistry<D> {
  const byKey = new Map<string, D>();
  const latest = new Map<string, D>();
  for (const definition of definitions) {
    const key = `${definition.type}@${definition.version}`;
    if (byKey.has(key)) throw new Error(`node type ${key} is registered twice`);
    byKey.set(key, definition);
    const current = latest.get(definition.type);
    if (!current || current.version < definition.version) latest.set(definition.type, definition);
  }
  return {
    get: (type, version) => byKey.get(`${type}@${version}`),
    latest: (type) => latest.get(type),
    all: () => definitions,
  };
}
