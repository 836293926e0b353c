import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseFlowDocument } from './document.ts';
import type { FlowDocument } from './document.ts';
import { credentialRefsOf } from './credential-refs.ts';
import { checkImport, exportFlowDocument, requirementsOf } from './export.ts';
import { defineNode } from './node.ts';
import { createRegistry } from './registry.ts';

const registry = createRegistry([
  defineNode({ type: 'test.in', version: 1, kind: 'trigger', title: 'In', description: '', category: 'Test', inputs: {}, outputs: { out: { type: 'any' } }, config: z.object({}), trigger: { events: ['message'] } }),
  defineNode({ type: 'test.model', version: 2, kind: 'model', title: 'Model', description: '', category: 'Test', inputs: { in: { type: 'any' } }, outputs: { out: { type: 'text' } }, config: z.object({}), credential: { type: 'openai' } }),
]);

const doc: FlowDocument = {
  schemaVersion: 1,
  name: 'Shared',
  nodes: [
    { id: 'in', type: 'test.in', typeVersion: 1, config: {}, position: { x: 0, y: 0 } },
    { id: 'model', type: 'test.model', typeVersion: 2, config: { z: 1, a: 2 }, credentialId: 'secret-credential-id', position: { x: 200, y: 0 } },
  ],
  edges: [{ id: 'e1', source: 'in', sourcePort: 'out', target: 'model', targetPort: 'in' }],
};

describe('exportFlowDocument', () => {
  it('strips stored credential ids, lists what the flow needs, and sorts keys', () => {
    const text = exportFlowDocument(doc, registry);
    expect(text).not.toContain('secret-credential-id');
    const exported: unknown = JSON.parse(text);
    if (typeof exported !== 'object') throw new Error('not an object');
    expect(exported).toMatchObject({ requires: { nodes: [{ type: 'test.in', version: 1 }, { type: 'test.model', version: 2 }], credentials: ['openai'] } });
    expect(text.indexOf('"a": 2')).toBeLessThan(text.indexOf('"z": 1'));
    expect(Object.keys(exported ?? {})).toEqual(['edges', 'name', 'nodes', 'requires', 'schemaVersion']);
  });

  it('strips credential ids the config names too (a fallback\'s own key), keeping the rest of the config', () => {
    const withFallback: FlowDocument = {
      ...doc,
      nodes: doc.nodes.map((node) => (node.id === 'model' ? { ...node, config: { fallbacks: [{ provider: 'anthropic', model: 'claude-haiku-4-5', credentialId: 'fallback-secret-id' }] } } : node)),
    };
    expect(credentialRefsOf(withFallback.nodes[1] ?? { config: {} })).toEqual(['secret-credential-id', 'fallback-secret-id']);
    const text = exportFlowDocument(withFallback, registry);
    expect(text).not.toContain('fallback-secret-id');
    expect(text).not.toContain('secret-credential-id');
    expect(text).toContain('"model": "claude-haiku-4-5"');
  });

  it('gives the same bytes when an export is read back and exported again', () => {
    const first = exportFlowDocument(doc, registry);
    const parsed = parseFlowDocument(JSON.parse(first));
    if (!parsed.ok) throw new Error(parsed.issues[0]?.message);
    expect(exportFlowDocument(parsed.value, registry)).toBe(first);
  });
});

describe('checkImport', () => {
  it('lists node types this server lacks and nodes that need a credential, with how many are stored', () => {
    const foreign: FlowDocument = { ...doc, nodes: [...doc.nodes.map(({ credentialId: _id, ...node }) => node), { id: 'x', type: 'plugin.weather', typeVersion: 1, config: {}, position: { x: 0, y: 0 } }] };
    const none = checkImport(foreign, registry, []);
    expect(none.map((check) => [check.kind, check.nodeId])).toEqual([
      ['credential_needed', 'model'],
      ['unknown_node_type', 'x'],
    ]);
    expect(none[0]?.message).toContain('add one');
    expect(none[1]?.message).toContain('install the plugin');
    expect(checkImport(foreign, registry, ['openai', 'openai'])[0]).toMatchObject({ kind: 'credential_needed', available: 2 });
  });

  it('names the version this server has when only the version differs', () => {
    const newer: FlowDocument = { ...doc, nodes: [{ id: 'm', type: 'test.model', typeVersion: 9, config: {}, position: { x: 0, y: 0 } }] };
    expect(checkImport(newer, registry, [])[0]?.message).toContain('this server has version 2');
    expect(requirementsOf(newer, registry)).toEqual({ nodes: [{ type: 'test.model', version: 9 }], credentials: [] });
  });
});
