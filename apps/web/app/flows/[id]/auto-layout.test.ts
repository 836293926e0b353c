import type { FlowDocument, FlowNode } from '@switchboard/flow-schema';
import { describe, expect, it } from 'vitest';
import { autoLayout } from './auto-layout.ts';

function node(id: string, x = 0, y = 0): FlowNode {
  return { id, type: 'conversation.reply', typeVersion: 1, config: {}, position: { x, y } };
}

function edge(source: string, target: string): FlowDocument['edges'][number] {
  return { id: `${source}-${target}`, source, sourcePort: 'out', target, targetPort: 'in' };
}

function positions(doc: FlowDocument): Map<string, { x: number; y: number }> {
  return new Map(doc.nodes.map((n) => [n.id, n.position]));
}

const size = { width: 200, height: 90 };

describe('autoLayout', () => {
  it('lays a chain out left to right, each node right of the one before, without overlap', () => {
    // Stored in a jumble, right to left.
    const doc: FlowDocument = {
      schemaVersion: 1,
      name: 'Chain',
      nodes: [node('c', 0, 0), node('a', 500, 300), node('b', 250, -200)],
      edges: [edge('a', 'b'), edge('b', 'c')],
    };
    const laid = positions(autoLayout(doc, new Map(['a', 'b', 'c'].map((id) => [id, size]))));
    const [a, b, c] = ['a', 'b', 'c'].map((id) => laid.get(id) ?? { x: NaN, y: NaN });
    expect(b?.x).toBeGreaterThanOrEqual((a?.x ?? 0) + size.width);
    expect(c?.x).toBeGreaterThanOrEqual((b?.x ?? 0) + size.width);
    // A chain is one row.
    expect(new Set([a?.y, b?.y, c?.y]).size).toBe(1);
    // The layout starts at the flow's old top-left corner.
    expect(Math.min(...[...laid.values()].map((p) => p.x))).toBe(0);
    expect(Math.min(...[...laid.values()].map((p) => p.y))).toBe(-200);
  });

  it('puts every edge left to right in a branching flow and keeps siblings apart', () => {
    const doc: FlowDocument = {
      schemaVersion: 1,
      name: 'Branches',
      nodes: ['t', 'x', 'y', 'z', 'end'].map((id) => node(id)),
      edges: [edge('t', 'x'), edge('t', 'y'), edge('t', 'z'), edge('x', 'end'), edge('y', 'end')],
    };
    const laid = positions(autoLayout(doc, new Map()));
    for (const { source, target } of doc.edges) expect(laid.get(target)?.x).toBeGreaterThan(laid.get(source)?.x ?? Infinity);
    const siblings = ['x', 'y', 'z'].map((id) => laid.get(id)?.y);
    expect(new Set(siblings).size).toBe(3);
  });

  it('stacks separate parts and puts unconnected nodes in a grid below them', () => {
    const doc: FlowDocument = {
      schemaVersion: 1,
      name: 'Parts',
      nodes: [node('lone-1'), node('a'), node('b'), node('c'), node('d'), node('lone-2')],
      edges: [edge('a', 'b'), edge('c', 'd')],
    };
    const laid = positions(autoLayout(doc, new Map()));
    const y = (id: string): number => laid.get(id)?.y ?? NaN;
    expect(y('a')).toBe(y('b'));
    expect(y('c')).toBeGreaterThan(y('a'));
    expect(y('lone-1')).toBeGreaterThan(y('c'));
    expect(y('lone-2')).toBe(y('lone-1'));
    expect(laid.get('lone-2')?.x).toBeGreaterThan(laid.get('lone-1')?.x ?? Infinity);
  });

  it('survives a cycle and returns the document itself when everything is already in place', () => {
    const doc: FlowDocument = { schemaVersion: 1, name: 'Loop', nodes: [node('a'), node('b')], edges: [edge('a', 'b'), edge('b', 'a')] };
    const once = autoLayout(doc, new Map());
    expect(once).not.toBe(doc);
    expect(autoLayout(once, new Map())).toBe(once);
  });
});
