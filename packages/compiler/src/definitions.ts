import type { FlowNode, NodeDefinition, NodeRegistry } from '@switchboard/flow-schema';
import type { CompileProblem } from './plan.ts';

export interface ResolvedNode {
  definition: NodeDefinition;
  config: Record<string, unknown>;
}

/**
 * Finds the definition a stored node runs on. A node saved with an older type version runs on that
 * version when it is still registered, otherwise its config is migrated forward to the newest one.
 */
export function resolveDefinition(node: FlowNode, registry: NodeRegistry, problems: CompileProblem[]): ResolvedNode | undefined {
  const exact = registry.get(node.type, node.typeVersion);
  if (exact) return { definition: exact, config: node.config };
  const latest = registry.latest(node.type);
  if (!latest) {
    problems.push({ nodeId: node.id, message: `node \`${node.id}\`: unknown node type \`${node.type}\`; install the plugin that provides it or replace the node` });
    return undefined;
  }
  if (node.typeVersion > latest.version) {
    problems.push({
      nodeId: node.id,
      message: `node \`${node.id}\`: \`${node.type}\` version ${node.typeVersion} is newer than this server knows (${latest.version}); upgrade Switchboard`,
    });
    return undefined;
  }
  let config = node.config;
  for (let version = node.typeVersion; version < latest.version; version += 1) {
    const migrate = latest.migrations?.[version];
    if (!migrate) {
      problems.push({
        nodeId: node.id,
        message: `node \`${node.id}\`: \`${node.type}\` version ${node.typeVersion} is no longer supported and cannot be migrated; replace the node`,
      });
      return undefined;
    }
    config = migrate(config);
  }
  return { definition: latest, config };
}
