import { describe, expect, it } from 'vitest';
import { probe } from './testing/fixture-nodes.ts';
import { flow, runFlow, spanOf } from './testing/harness.ts';
import type { NodeSpec } from './testing/harness.ts';

const start = { id: 'start', type: 'start' };

/** `count` slow nodes side by side after the trigger. */
function fan(count: number, probeName: string, ms = 40): { nodes: NodeSpec[]; edges: string[] } {
  const ids = Array.from({ length: count }, (_, index) => `slow${index}`);
  return {
    nodes: [start, ...ids.map((id) => ({ id, type: 'slow', config: { ms, probe: probeName } }))],
    edges: ids.map((id) => `start.text -> ${id}.in`),
  };
}

describe('parallelism', () => {
  it('runs independent ready nodes at the same time', async () => {
    const seen = probe('parallel-overlap');
    const { nodes, edges } = fan(4, 'parallel-overlap');
    const { outcome } = await runFlow(flow(nodes, edges));
    expect(outcome.status).toBe('completed');
    expect(seen.maxRunning).toBe(4);
    // Every node started before the first one finished.
    expect(seen.log.slice(0, 4).every((entry) => entry.startsWith('start:'))).toBe(true);
  });

  it('never runs more nodes at once than limits.parallelism, and still runs them all', async () => {
    const seen = probe('parallel-bounded');
    const { nodes, edges } = fan(7, 'parallel-bounded', 15);
    const { outcome } = await runFlow(flow(nodes, edges), { limits: { parallelism: 2 } });
    expect(outcome.status).toBe('completed');
    expect(seen.maxRunning).toBe(2);
    expect(seen.log.filter((entry) => entry.startsWith('end:'))).toHaveLength(7);
  });

  it('runs one node at a time with parallelism 1', async () => {
    const seen = probe('parallel-one');
    const { nodes, edges } = fan(3, 'parallel-one', 5);
    const { outcome } = await runFlow(flow(nodes, edges), { limits: { parallelism: 1 } });
    expect(outcome.status).toBe('completed');
    expect(seen.maxRunning).toBe(1);
    for (let index = 0; index < seen.log.length; index += 2) {
      const started = seen.log[index]?.slice('start:'.length);
      expect(seen.log[index + 1]).toBe(`end:${started ?? ''}`);
    }
  });

  it('does not let a loop hold a slot its own body needs (parallelism 1, nested loops)', async () => {
    const seen = probe('parallel-loop');
    const { outcome } = await runFlow(
      flow(
        [
          start,
          { id: 'list', type: 'emit', config: { value: [1, 2] } },
          { id: 'outer', type: 'loop' },
          { id: 'inner', type: 'loop', config: { items: ['a', 'b'] } },
          { id: 'work', type: 'slow', config: { ms: 1, probe: 'parallel-loop' } },
        ],
        ['start.text -> list.in', 'list.out -> outer.items', 'outer.item -> inner.items', 'inner.item -> work.in', 'work.out -> inner.next', 'inner.done -> outer.next'],
      ),
      { limits: { parallelism: 1 } },
    );
    expect(outcome.status).toBe('completed');
    expect(seen.maxRunning).toBe(1);
    expect(spanOf(outcome, 'outer').output).toEqual({ done: [['a', 'b'], ['a', 'b']] });
  });

  it('runs parallel branches of a loop body at the same time', async () => {
    const seen = probe('parallel-body');
    const { outcome } = await runFlow(
      flow(
        [
          start,
          { id: 'list', type: 'emit', config: { value: [1, 2] } },
          { id: 'loop', type: 'loop' },
          { id: 'left', type: 'slow', config: { ms: 30, probe: 'parallel-body' } },
          { id: 'right', type: 'slow', config: { ms: 30, probe: 'parallel-body' } },
          { id: 'pair', type: 'pair' },
        ],
        ['start.text -> list.in', 'list.out -> loop.items', 'loop.item -> left.in', 'loop.item -> right.in', 'left.out -> pair.left', 'right.out -> pair.right', 'pair.out -> loop.next'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(seen.maxRunning).toBe(2);
    expect(spanOf(outcome, 'loop').output).toEqual({
      done: [
        { ports: ['left', 'right'], left: 1, right: 1 },
        { ports: ['left', 'right'], left: 2, right: 2 },
      ],
    });
  });

  it('keeps the memory and variables of parallel nodes that change them at the same time', async () => {
    // Each flaky node appends to memory and sets `attempt`, then yields before finishing.
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'one', type: 'flaky', config: { failures: 0 } }, { id: 'two', type: 'flaky', config: { failures: 0 } }, { id: 'set', type: 'setvar', config: { name: 'other', value: 1 } }],
        ['start.text -> one.in', 'start.text -> two.in', 'start.text -> set.in'],
      ),
      { state: { vars: {}, memory: [{ role: 'user', content: 'earlier' }] } },
    );
    expect(outcome.status).toBe('completed');
    expect(outcome.state.memory).toEqual([
      { role: 'user', content: 'earlier' },
      { role: 'assistant', content: 'attempt 1' },
      { role: 'assistant', content: 'attempt 1' },
    ]);
    expect(outcome.state.vars).toEqual({ attempt: 1, other: 1 });
  });
});
