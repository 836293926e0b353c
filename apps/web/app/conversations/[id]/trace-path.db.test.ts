import { parseFlowDocument, type FlowDocument } from '@switchboard/flow-schema';
import { nodeRegistry } from '@switchboard/nodes/definitions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../../src/http/test-api.ts';
import type { Span } from '../api.ts';
import { tracePath } from './trace-path.ts';

// Real runs of real nodes, stored and read back through the API as the console reads them.
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(async () => {
  await api.close();
});

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, config, position: { x: 0, y: 0 } });
const edge = (from: string, to: string) => {
  const [source = '', sourcePort = ''] = from.split('.');
  const [target = '', targetPort = ''] = to.split('.');
  return { id: `${from}-${to}`.replaceAll('.', '_'), source, sourcePort, target, targetPort };
};

/** "hello" is greeted; anything else is a number of seconds to wait, so text that is no number fails `pause`. */
const branching = {
  schemaVersion: 1,
  name: 'Branching',
  nodes: [
    node('in', 'trigger.chat'),
    node('route', 'logic.condition', { left: '{{ message.text }}', operator: 'equals', right: 'hello' }),
    node('greet', 'conversation.reply', { text: 'Hello!' }),
    node('pause', 'logic.delay', { seconds: '{{ message.text }}' }),
    node('done', 'conversation.reply', { text: 'Waited.' }),
  ],
  edges: [edge('in.text', 'route.in'), edge('route.true', 'greet.in'), edge('route.false', 'pause.in'), edge('pause.out', 'done.in')],
};

async function publish(document: object): Promise<{ flowId: string; doc: FlowDocument }> {
  const created = await api.app.inject({ method: 'POST', url: '/api/v1/flows', payload: document });
  const { id } = created.json<{ id: string }>();
  expect((await api.app.inject({ method: 'POST', url: `/api/v1/flows/${id}/publish` })).statusCode).toBe(201);
  const version = await api.app.inject({ method: 'GET', url: `/api/v1/flows/${id}/versions/1` });
  const parsed = parseFlowDocument(version.json<{ document: unknown }>().document);
  if (!parsed.ok) throw new Error('the stored version does not parse');
  return { flowId: id, doc: parsed.value };
}

async function pathOf(flowId: string, doc: FlowDocument, text: string) {
  const result = await api.service.chat(flowId, { conversationId: 'c', text });
  const res = await api.app.inject({ method: 'GET', url: `/api/v1/runs/${result.runId}/spans` });
  const spans = res.json<{ items: Span[] }>().items;
  const path = tracePath(doc, nodeRegistry, spans);
  const marks = Object.fromEntries([...path.nodes].map(([id, trace]) => [id, `${trace.mark}×${trace.spans.length}`]));
  return { marks, edges: [...path.edges].sort() };
}

describe('tracePath on stored runs', () => {
  it('follows the branch a condition took and leaves the other out', async () => {
    const { flowId, doc } = await publish(branching);
    expect(await pathOf(flowId, doc, 'hello')).toEqual({
      marks: { in: 'ok×1', route: 'ok×1', greet: 'ok×1' },
      edges: ['in_text-route_in', 'route_true-greet_in'],
    });
  });

  it('marks the node that failed, and nothing after it', async () => {
    const { flowId, doc } = await publish(branching);
    expect(await pathOf(flowId, doc, 'soon')).toEqual({
      marks: { in: 'ok×1', route: 'ok×1', pause: 'error×1' },
      edges: ['in_text-route_in', 'route_false-pause_in'],
    });
  });

  it('marks a waiting node and takes no edge out of it', async () => {
    const { flowId, doc } = await publish(branching);
    expect(await pathOf(flowId, doc, '60')).toEqual({
      marks: { in: 'ok×1', route: 'ok×1', pause: 'suspended×1' },
      edges: ['in_text-route_in', 'route_false-pause_in'],
    });
  });

  it('follows a handled error along the error port', async () => {
    const { flowId, doc } = await publish({
      ...branching,
      nodes: [...branching.nodes, node('sorry', 'conversation.reply', { text: 'That is no number.' })],
      edges: [...branching.edges, edge('pause.error', 'sorry.in')],
    });
    expect(await pathOf(flowId, doc, 'soon')).toEqual({
      marks: { in: 'ok×1', route: 'ok×1', pause: 'error×1', sorry: 'ok×1' },
      edges: ['in_text-route_in', 'pause_error-sorry_in', 'route_false-pause_in'],
    });
  });

  it('counts the executions of a loop body and takes the item and return edges', async () => {
    const { flowId, doc } = await publish({
      schemaVersion: 1,
      name: 'Loop',
      nodes: [
        node('in', 'trigger.chat'),
        node('both', 'logic.merge'),
        node('each', 'logic.loop'),
        node('say', 'conversation.reply', { text: 'Item {{ nodes.each.item }}' }),
        node('end', 'conversation.reply', { text: 'All done.' }),
      ],
      edges: [
        edge('in.text', 'both.in'),
        edge('in.message', 'both.in'),
        edge('both.all', 'each.list'),
        edge('each.item', 'say.in'),
        edge('say.out', 'each.next'),
        edge('each.done', 'end.in'),
      ],
    });
    expect(await pathOf(flowId, doc, 'x')).toEqual({
      marks: { in: 'ok×1', both: 'ok×1', each: 'ok×1', say: 'ok×2', end: 'ok×1' },
      edges: ['both_all-each_list', 'each_done-end_in', 'each_item-say_in', 'in_message-both_in', 'in_text-both_in', 'say_out-each_next'],
    });
  });
});

describe('tracePath where the stored output cannot tell', () => {
  const doc = parseFlowDocument(branching);
  const span = (id: string, nodeId: string, output: unknown, truncated = false): Span => ({
    id, nodeId, nodeType: 't', status: 'ok', attempt: 1, iteration: null, input: null, output, error: null,
    startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, usage: null, truncated,
  });

  it('falls back on the order of the executions', () => {
    if (!doc.ok) throw new Error('fixture does not parse');
    // `in`'s output was cut to a preview; `route` fired a port with no value, which JSON dropped; `done` never ran.
    const spans = [span('1', 'in', { truncated: true, bytes: 99999, preview: '{' }, true), span('2', 'route', {}), span('3', 'pause', { out: 1 })];
    expect([...tracePath(doc.value, nodeRegistry, spans).edges].sort()).toEqual(['in_text-route_in', 'route_false-pause_in']);
  });
});
