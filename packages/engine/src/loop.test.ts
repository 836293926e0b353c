import { describe, expect, it } from 'vitest';
import type { FlowDocument, NodeSettings } from '@switchboard/flow-schema';
import { probe } from './testing/fixture-nodes.ts';
import { flow, ranIds, replyTexts, runFlow, spanOf, spansOf } from './testing/harness.ts';
import type { NodeSpec } from './testing/harness.ts';

const start = { id: 'start', type: 'start' };

/** start → list (emits `items`) → loop, the body between `loop.item` and `loop.next`, `loop.done` → after. */
function loopFlow(items: unknown[], body: NodeSpec[], bodyEdges: string[], after: NodeSpec[] = [], afterEdges: string[] = []) {
  return flow(
    [start, { id: 'list', type: 'emit', config: { value: items } }, { id: 'loop', type: 'loop' }, ...body, ...after],
    ['start.text -> list.in', 'list.out -> loop.items', ...bodyEdges, ...afterEdges],
  );
}

describe('loops', () => {
  it('runs the body once per item, in order, and collects what each iteration returns', async () => {
    const { outcome } = await runFlow(
      loopFlow(
        ['a', 'b', 'c'],
        [{ id: 'say', type: 'reply', config: { text: 'item {{ nodes.loop.item }} #{{ nodes.loop.index }}' } }],
        ['loop.item -> say.in', 'say.out -> loop.next'],
        [{ id: 'after', type: 'emit', config: { value: '{{ nodes.loop.done }}' } }],
        ['loop.done -> after.in'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(replyTexts(outcome)).toEqual(['item a #0', 'item b #1', 'item c #2']);
    expect(spanOf(outcome, 'loop').output).toEqual({ done: ['item a #0', 'item b #1', 'item c #2'] });
    expect(spanOf(outcome, 'after').output).toEqual({ out: ['item a #0', 'item b #1', 'item c #2'] });
    expect(ranIds(outcome).indexOf('after')).toBeGreaterThan(ranIds(outcome).indexOf('loop'));
  });

  it('labels the spans of body nodes with their iteration', async () => {
    const { outcome } = await runFlow(
      loopFlow(['a', 'b'], [{ id: 'body', type: 'emit', config: { value: 1 } }], ['loop.item -> body.in', 'body.out -> loop.next']),
    );
    expect(spansOf(outcome, 'body').map((span) => span.iteration)).toEqual(['loop#0', 'loop#1']);
    expect(spanOf(outcome, 'loop').iteration).toBeUndefined();
    expect(spanOf(outcome, 'start').iteration).toBeUndefined();
  });

  it('passes the item on the item port', async () => {
    const { outcome } = await runFlow(
      loopFlow([{ n: 1 }, { n: 2 }], [{ id: 'body', type: 'collect' }], ['loop.item -> body.items', 'body.out -> loop.next']),
    );
    expect(spanOf(outcome, 'loop').output).toEqual({ done: [[{ n: 1 }], [{ n: 2 }]] });
  });

  it('runs an empty list without running the body', async () => {
    const { outcome } = await runFlow(
      loopFlow([], [{ id: 'body', type: 'emit', config: { value: 1 } }], ['loop.item -> body.in', 'body.out -> loop.next'], [{ id: 'after', type: 'emit', config: { value: 'after' } }], ['loop.done -> after.in']),
    );
    expect(outcome.status).toBe('completed');
    expect(spansOf(outcome, 'body')).toEqual([]);
    expect(spanOf(outcome, 'after').output).toEqual({ out: 'after' });
  });

  it('runs nested loops, reading both items and labelling spans with both iterations', async () => {
    const { outcome } = await runFlow(
      loopFlow(
        [1, 2],
        [
          { id: 'inner', type: 'loop', config: { items: ['x', 'y'] } },
          { id: 'work', type: 'emit', config: { value: '{{ nodes.loop.item }}-{{ nodes.inner.item }}' } },
        ],
        ['loop.item -> inner.items', 'inner.item -> work.in', 'work.out -> inner.next', 'inner.done -> loop.next'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(spanOf(outcome, 'loop').output).toEqual({
      done: [
        ['1-x', '1-y'],
        ['2-x', '2-y'],
      ],
    });
    expect(spansOf(outcome, 'inner').map((span) => span.iteration)).toEqual(['loop#0', 'loop#1']);
    expect(spansOf(outcome, 'work').map((span) => span.iteration)).toEqual(['loop#0/inner#0', 'loop#0/inner#1', 'loop#1/inner#0', 'loop#1/inner#1']);
  });

  it('lets the body read a node that ran before the loop, by edge and by expression', async () => {
    const { outcome } = await runFlow(
      flow(
        [
          start,
          { id: 'before', type: 'emit', config: { value: 'B' } },
          { id: 'list', type: 'emit', config: { value: [1, 2] } },
          { id: 'loop', type: 'loop' },
          { id: 'pair', type: 'pair' },
          { id: 'text', type: 'emit', config: { value: '{{ nodes.before.out }}{{ nodes.loop.item }}' } },
          { id: 'both', type: 'collect' },
        ],
        [
          'start.text -> before.in',
          'before.out -> list.in',
          'list.out -> loop.items',
          'loop.item -> pair.right',
          'before.out -> pair.left',
          'loop.item -> text.in',
          'pair.out -> both.items',
          'text.out -> both.items',
          'both.out -> loop.next',
        ],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(spanOf(outcome, 'loop').output).toEqual({
      done: [
        [{ ports: ['left', 'right'], left: 'B', right: 1 }, 'B1'],
        [{ ports: ['left', 'right'], left: 'B', right: 2 }, 'B2'],
      ],
    });
  });

  it('starts every iteration afresh: branches taken in one iteration do not leak into the next', async () => {
    const { outcome } = await runFlow(
      loopFlow(
        [['a'], ['b']],
        [
          { id: 'branch', type: 'branch', config: { fire: '{{ nodes.loop.item }}' } },
          { id: 'onA', type: 'emit', config: { value: 'A' } },
          { id: 'onB', type: 'emit', config: { value: 'B' } },
          { id: 'merge', type: 'collect' },
        ],
        ['loop.item -> branch.in', 'branch.a -> onA.in', 'branch.b -> onB.in', 'onA.out -> merge.items', 'onB.out -> merge.items', 'merge.out -> loop.next'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(spanOf(outcome, 'loop').output).toEqual({ done: [['A'], ['B']] });
    expect(spansOf(outcome, 'onA').map((span) => span.iteration)).toEqual(['loop#0']);
    expect(spansOf(outcome, 'onB').map((span) => span.iteration)).toEqual(['loop#1']);
  });

  it('returns undefined for an iteration whose return edge is dead', async () => {
    const { outcome } = await runFlow(
      loopFlow(
        [['a'], ['b']],
        [
          { id: 'branch', type: 'branch', config: { fire: '{{ nodes.loop.item }}' } },
          { id: 'onA', type: 'emit', config: { value: 'A' } },
        ],
        ['loop.item -> branch.in', 'branch.a -> onA.in', 'onA.out -> loop.next'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(spanOf(outcome, 'loop').output).toEqual({ done: ['A', undefined] });
  });

  it('gives replies in different iterations different idempotency keys', async () => {
    const { outcome } = await runFlow(
      loopFlow([1, 2], [{ id: 'say', type: 'reply', config: { text: 'same text' } }], ['loop.item -> say.in', 'say.out -> loop.next']),
    );
    const keys = outcome.replies.map((reply) => reply.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  });

  it('fails the run when a body node fails, naming it, and runs nothing after the loop', async () => {
    const { outcome } = await runFlow(
      loopFlow(
        [1, 2, 3],
        [{ id: 'boom', type: 'fail', config: { message: 'bad item' } }],
        ['loop.item -> boom.in', 'boom.out -> loop.next'],
        [{ id: 'after', type: 'reply', config: { text: 'after' } }],
        ['loop.done -> after.in'],
      ),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({ nodeId: 'boom', message: 'node `boom` failed: bad item' });
    expect(spansOf(outcome, 'boom')).toHaveLength(1);
    expect(ranIds(outcome)).not.toContain('after');
    expect(outcome.replies).toEqual([]);
  });

  it('lets a body node route its failure to its error port and carries on with the next item', async () => {
    const { outcome } = await runFlow(
      loopFlow(
        [1, 2],
        [
          { id: 'boom', type: 'fail', config: { message: 'bad {{ nodes.loop.item }}' } },
          { id: 'handled', type: 'emit', config: { value: '{{ nodes.boom.error.message }}' } },
        ],
        ['loop.item -> boom.in', 'boom.error -> handled.in', 'handled.out -> loop.next'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(spanOf(outcome, 'loop').output).toEqual({ done: ['bad 1', 'bad 2'] });
  });

  it('starts no more iterations once the loop node has timed out', async () => {
    const seen = probe('loop-timeout');
    const { outcome } = await runFlow(
      withSettings(
        loopFlow(
          Array.from({ length: 20 }, (_, index) => index),
          [{ id: 'body', type: 'slow', config: { ms: 30, probe: 'loop-timeout' } }],
          ['loop.item -> body.in', 'body.out -> loop.next'],
          [{ id: 'handler', type: 'emit', config: { value: '{{ nodes.loop.error.message }}' } }],
          ['loop.error -> handler.in'],
        ),
        'loop',
        { timeoutMs: 100 },
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(spanOf(outcome, 'handler').output).toEqual({ out: 'timed out after 100 ms' });
    const spans = outcome.spans.length;
    const started = seen.log.filter((entry) => entry.startsWith('start:')).length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The loop's implementation does not watch its signal; the engine must still refuse new iterations.
    expect(seen.log.filter((entry) => entry.startsWith('start:'))).toHaveLength(started);
    expect(started).toBeLessThan(20);
    expect(outcome.spans).toHaveLength(spans);
    // The iteration running at the timeout is aborted and traced before the loop's own span.
    expect(seen.aborted).toEqual(['body']);
    const statuses = spansOf(outcome, 'body').map((span) => span.status);
    expect(statuses).toEqual([...Array.from({ length: started - 1 }, () => 'ok'), 'error']);
    expect(ranIds(outcome).lastIndexOf('body')).toBeLessThan(ranIds(outcome).indexOf('loop'));
  });
});

function withSettings(doc: FlowDocument, id: string, settings: NodeSettings): FlowDocument {
  return { ...doc, nodes: doc.nodes.map((node) => (node.id === id ? { ...node, settings } : node)) };
}
