import { describe, expect, it } from 'vitest';
import { probe } from './testing/fixture-nodes.ts';
import { flow, runFlow, spansOf } from './testing/harness.ts';

const start = { id: 'start', type: 'start' };

const chain = (length: number) =>
  flow(
    [start, ...Array.from({ length }, (_, index) => ({ id: `n${index}`, type: 'emit', config: { value: index } }))],
    Array.from({ length }, (_, index) => `${index === 0 ? 'start.text' : `n${index - 1}.out`} -> n${index}.in`),
  );

describe('step limit', () => {
  it('counts every node execution, loop iterations included', async () => {
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'list', type: 'emit', config: { value: [1, 2, 3] } }, { id: 'loop', type: 'loop' }, { id: 'body', type: 'emit', config: { value: 0 } }],
        ['start.text -> list.in', 'list.out -> loop.items', 'loop.item -> body.in', 'body.out -> loop.next'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(outcome.steps).toBe(6);
  });

  it('allows exactly maxSteps executions and fails on one more', async () => {
    const fits = (await runFlow(chain(4), { limits: { maxSteps: 5 } })).outcome;
    expect(fits.status).toBe('completed');
    expect(fits.steps).toBe(5);
    const over = (await runFlow(chain(4), { limits: { maxSteps: 4 } })).outcome;
    expect(over.status).toBe('failed');
    expect(over.error).toEqual({ nodeId: 'n3', message: 'the run exceeded its limit of 4 steps; check for a runaway loop or raise the limit' });
  });

  it('stops a loop over 10,000 items at the step limit', async () => {
    const items = Array.from({ length: 10_000 }, (_, index) => index);
    const begun = Date.now();
    const { outcome } = await runFlow(
      flow(
        [
          start,
          { id: 'list', type: 'emit', config: { value: items } },
          { id: 'loop', type: 'loop' },
          { id: 'body', type: 'emit', config: { value: '{{ nodes.loop.item }}' } },
          { id: 'after', type: 'reply', config: { text: 'done' } },
        ],
        ['start.text -> list.in', 'list.out -> loop.items', 'loop.item -> body.in', 'body.out -> loop.next', 'loop.done -> after.in'],
      ),
      { limits: { maxSteps: 50 } },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.message).toBe('the run exceeded its limit of 50 steps; check for a runaway loop or raise the limit');
    // start, list and loop, then 47 body executions; the 48th is refused.
    expect(spansOf(outcome, 'body').filter((span) => span.status === 'ok')).toHaveLength(47);
    expect(spansOf(outcome, 'after')).toEqual([]);
    expect(outcome.replies).toEqual([]);
    expect(Date.now() - begun).toBeLessThan(5_000);
  });
});

describe('time limit', () => {
  it('fails the run when it runs out of time, aborting what is running', async () => {
    const seen = probe('time-limit');
    const begun = Date.now();
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'slow', type: 'slow', config: { ms: 5_000, probe: 'time-limit' } }, { id: 'after', type: 'reply', config: { text: 'after' } }],
        ['start.text -> slow.in', 'slow.out -> after.in'],
      ),
      { limits: { timeLimitMs: 100 } },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({ message: 'the run exceeded its time limit of 100 ms' });
    expect(seen.aborted).toEqual(['slow']);
    expect(spansOf(outcome, 'after')).toEqual([]);
    const took = Date.now() - begun;
    expect(took).toBeGreaterThanOrEqual(95);
    expect(took).toBeLessThan(2_000);
  });

  it('fails a run whose node ignores its abort signal', async () => {
    const begun = Date.now();
    const { outcome } = await runFlow(
      flow([start, { id: 'slow', type: 'slow', config: { ms: 1_000, ignoreSignal: true } }], ['start.text -> slow.in']),
      { limits: { timeLimitMs: 50 } },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.message).toBe('the run exceeded its time limit of 50 ms');
    expect(Date.now() - begun).toBeLessThan(800);
  });

  it('is not routed to an error port: the whole run stops', async () => {
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'slow', type: 'slow', config: { ms: 5_000 } }, { id: 'handler', type: 'reply', config: { text: 'handled' } }],
        ['start.text -> slow.in', 'slow.error -> handler.in'],
      ),
      { limits: { timeLimitMs: 50 } },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.replies).toEqual([]);
    expect(spansOf(outcome, 'handler')).toEqual([]);
  });

  it('stops a long loop in time', async () => {
    const { outcome } = await runFlow(
      flow(
        [
          start,
          { id: 'list', type: 'emit', config: { value: Array.from({ length: 100 }, (_, index) => index) } },
          { id: 'loop', type: 'loop' },
          { id: 'body', type: 'slow', config: { ms: 20 } },
        ],
        ['start.text -> list.in', 'list.out -> loop.items', 'loop.item -> body.in', 'body.out -> loop.next'],
      ),
      { limits: { timeLimitMs: 100 } },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.message).toBe('the run exceeded its time limit of 100 ms');
    expect(spansOf(outcome, 'body').length).toBeLessThan(20);
  });
});

describe('memory limit', () => {
  it('keeps only the newest maxMemory turns', async () => {
    const { outcome } = await runFlow(flow([start, { id: 'mem', type: 'memory' }], ['start.text -> mem.in']), {
      state: {
        vars: {},
        memory: [
          { role: 'user', content: 'one' },
          { role: 'assistant', content: 'two' },
        ],
      },
      limits: { maxMemory: 2 },
    });
    expect(outcome.state.memory).toEqual([
      { role: 'assistant', content: 'two' },
      { role: 'user', content: 'hello' },
    ]);
  });
});
