// The diff between two flow documents in words, for people: one entry per thing that changed.
import type { FlowDiff, FlowEdge, NodeChange } from '@switchboard/flow-schema';

export interface DiffEntry {
  /** Stable within one diff, for React keys. */
  key: string;
  text: string;
  /** Before → after of each changed config value, truncated. */
  details: string[];
}

const MAX_VALUE_CHARS = 80;

/** A value as it would read in the document, cut to a line; `undefined` is a key that is not set. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(not set)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function wire(edge: FlowEdge): string {
  return `${edge.source}.${edge.sourcePort} → ${edge.target}.${edge.targetPort}`;
}

function changedParts(change: NodeChange): string[] {
  const parts: string[] = [];
  if (change.type) parts.push('type');
  if (change.typeVersion) parts.push('type version');
  if (change.label) parts.push('label');
  parts.push(...change.config.map((entry) => entry.key));
  if (change.settings) parts.push('settings');
  if (change.credential) parts.push('credential');
  return parts;
}

function nodeDetails(change: NodeChange): string[] {
  const details: string[] = [];
  if (change.type) details.push(`type: ${change.type.before} → ${change.type.after}`);
  if (change.typeVersion) details.push(`type version: ${change.typeVersion.before} → ${change.typeVersion.after}`);
  if (change.label) details.push(`label: ${showValue(change.label.before)} → ${showValue(change.label.after)}`);
  for (const entry of change.config) details.push(`${entry.key}: ${showValue(entry.before)} → ${showValue(entry.after)}`);
  return details;
}

/** Moves are left out unless `showMoves`: dragging a node around changes nothing a user would notice. */
export function describeDiff(diff: FlowDiff, options: { showMoves: boolean }): DiffEntry[] {
  const entries: DiffEntry[] = [];
  if (diff.name) entries.push({ key: 'name', text: 'Name changed', details: [`${showValue(diff.name.before)} → ${showValue(diff.name.after)}`] });
  if (diff.description) {
    entries.push({ key: 'description', text: 'Description changed', details: [`${showValue(diff.description.before)} → ${showValue(diff.description.after)}`] });
  }
  for (const node of diff.nodesAdded) entries.push({ key: `add:${node.id}`, text: `Node ${node.id} added (${node.type})`, details: [] });
  for (const node of diff.nodesRemoved) entries.push({ key: `remove:${node.id}`, text: `Node ${node.id} removed (${node.type})`, details: [] });
  for (const change of diff.nodesChanged) {
    entries.push({ key: `change:${change.nodeId}`, text: `Node ${change.nodeId}: ${changedParts(change).join(', ')} changed`, details: nodeDetails(change) });
  }
  for (const edge of diff.edgesAdded) entries.push({ key: `wire+:${wire(edge)}`, text: `Wire ${wire(edge)} added`, details: [] });
  for (const edge of diff.edgesRemoved) entries.push({ key: `wire-:${wire(edge)}`, text: `Wire ${wire(edge)} removed`, details: [] });
  if (options.showMoves) for (const nodeId of diff.nodesMoved) entries.push({ key: `move:${nodeId}`, text: `Node ${nodeId} moved`, details: [] });
  return entries;
}
