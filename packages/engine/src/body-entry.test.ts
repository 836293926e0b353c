import { describe, expect, it } from 'vitest';
import { flow, ranIds, replyTexts, runFlow, spanOf, spansOf } from './testing/harness.ts';

const start = { id: 'start', type: 'start' };

/** start → dispatch; its body has two entries: `upper` (returns through `result`) and `echo` (returns nothing). */
function dispatchFlow(calls: { entry: string; args: unknown }[]) {
  return flow(
    [
      start,
      { id: 'agent', type: 'dispatch', config: { calls } },
      { id: 'upper', type: 'emit', label: 'Shout', config: { value: 'UP:{{ nodes.agent.call }}' } },
      { id: 'then', type: 'emit', config: { value: '{{ nodes.upper.out }}!' } },
      { id: 'echo', type: 'emit', config: { value: 'echo:{{ nodes.agent.call }}' } },
    ],
    ['start.text -> agent.in', 'agent.call -> upper.in', 'upper.out -> then.in', 'then.out -> agent.result', 'agent.call -> echo.in'],
  );
}

describe('running one entry of a body (agent tools)', () => {
  it('runs only the chosen entry and what follows it, returning the return port or the entry outputs', async () => {
    const { outcome } = await runFlow(dispatchFlow([{ entry: 'upper', args: 'a' }, { entry: 'echo', args: 'b' }, { entry: 'upper', args: 'c' }]));
    expect(outcome.status).toBe('completed');
    expect(spanOf(outcome, 'agent').output).toEqual({
      done: ['UP:a!', { out: 'echo:b' }, 'UP:c!'],
      entries: ['upper:test.emit:Shout', 'echo:test.emit:'],
    });
    // Each call ran its own entry only: two iterations of `upper`, one of `echo`.
    expect(spansOf(outcome, 'upper').map((span) => span.iteration).sort()).toEqual(['agent#0', 'agent#2']);
    expect(spansOf(outcome, 'echo').map((span) => span.iteration)).toEqual(['agent#1']);
    expect(spansOf(outcome, 'then')).toHaveLength(2);
  });

  it('refuses an entry that is not wired to the item port', async () => {
    const { outcome } = await runFlow(dispatchFlow([{ entry: 'then', args: 'x' }]));
    expect(spanOf(outcome, 'agent').output).toMatchObject({ done: ['error: node `then` is not connected to `agent.call`'] });
    expect(ranIds(outcome)).not.toContain('then');
  });

  it('fails only the call whose body failed: its caller hears why, the other calls and the turn go on', async () => {
    const doc = flow(
      [
        start,
        { id: 'agent', type: 'dispatch', config: { calls: [{ entry: 'broken', args: 'a' }, { entry: 'echo', args: 'b' }] } },
        { id: 'broken', type: 'fail', config: { message: 'the tool is down' } },
        { id: 'after', type: 'emit', config: { value: 'never' } },
        { id: 'echo', type: 'emit', config: { value: 'echo:{{ nodes.agent.call }}' } },
        { id: 'said', type: 'reply', config: { text: 'done' } },
      ],
      ['start.text -> agent.in', 'agent.call -> broken.in', 'broken.out -> after.in', 'after.out -> agent.result', 'agent.call -> echo.in', 'agent.done -> said.in'],
    );
    const { outcome } = await runFlow(doc);
    expect(outcome.status).toBe('completed');
    expect(spanOf(outcome, 'agent').output).toMatchObject({ done: ['error: node `broken` failed: the tool is down', { out: 'echo:b' }] });
    expect(spanOf(outcome, 'broken').status).toBe('error');
    expect(ranIds(outcome)).not.toContain('after');
    expect(replyTexts(outcome)).toEqual(['done']);
  });
});
