import { describe, expect, it } from 'vitest';
import { fixtureImplementation, probe } from './testing/fixture-nodes.ts';
import { compile, flow, label, message, ranIds, replyTexts, runFlow, spanOf } from './testing/harness.ts';
import { runTurn } from './turn.ts';
import { emptyConversationState } from './types.ts';

const start = { id: 'start', type: 'start' };

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((time, index) => time - (times[index] ?? time));
}

describe('retries', () => {
  it('adds up the usage of every call and every attempt on the span', async () => {
    const { outcome } = await runFlow(
      flow([start, { id: 'llm', type: 'spend', config: { failures: 1 }, settings: { retries: 1, retryBackoffMs: 1 } }], ['start.text -> llm.in']),
    );
    expect(outcome.status).toBe('completed');
    const usage = spanOf(outcome, 'llm').usage;
    expect(usage).toMatchObject({ model: 'm2', inputTokens: 40, outputTokens: 20 });
    expect(usage?.costUsd).toBeCloseTo(0.04, 10);
  });

  it('does not retry a failure the node marks as permanent', async () => {
    const seen = probe('retry-permanent');
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'flaky', type: 'flaky', config: { failures: 2, probe: 'retry-permanent', permanent: true }, settings: { retries: 2, retryBackoffMs: 1 } }],
        ['start.text -> flaky.in'],
      ),
    );
    expect(outcome.status).toBe('failed');
    expect(seen.attempts.get('flaky')).toHaveLength(1);
    expect(spanOf(outcome, 'flaky')).toMatchObject({ status: 'error', attempt: 1 });
  });

  it('retries with doubling backoff until an attempt succeeds', async () => {
    const seen = probe('retry-success');
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'flaky', type: 'flaky', config: { failures: 2, probe: 'retry-success' }, settings: { retries: 2, retryBackoffMs: 20 } }],
        ['start.text -> flaky.in'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(spanOf(outcome, 'flaky')).toMatchObject({ status: 'ok', attempt: 3, output: { out: 3 }, error: undefined });
    const [first, second] = gaps(seen.attempts.get('flaky') ?? []);
    // 20 ms, then 40 ms (a millisecond of slack for clock rounding).
    expect(first).toBeGreaterThanOrEqual(19);
    expect(second).toBeGreaterThanOrEqual(39);
  });

  it('discards the replies, variables and memory of failed attempts', async () => {
    const { outcome, events } = await runFlow(
      flow([start, { id: 'flaky', type: 'flaky', config: { failures: 2 }, settings: { retries: 2, retryBackoffMs: 0 } }], ['start.text -> flaky.in']),
      { state: { vars: { attempt: 0 }, memory: [] } },
    );
    expect(outcome.status).toBe('completed');
    expect(replyTexts(outcome)).toEqual(['attempt 3']);
    expect(events.filter((event) => event.type === 'reply')).toHaveLength(1);
    expect(outcome.state.vars).toEqual({ attempt: 3 });
    expect(outcome.state.memory).toEqual([{ role: 'assistant', content: 'attempt 3' }]);
  });

  it('fails the node with the last error when every attempt fails', async () => {
    const { outcome } = await runFlow(
      flow([start, { id: 'flaky', type: 'flaky', config: { failures: 3 }, settings: { retries: 2, retryBackoffMs: 1 } }], ['start.text -> flaky.in']),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({ nodeId: 'flaky', message: 'node `flaky` failed: attempt 3 failed' });
    expect(spanOf(outcome, 'flaky')).toMatchObject({ status: 'error', attempt: 3, error: { message: 'attempt 3 failed' } });
    expect(outcome.replies).toEqual([]);
  });

  it('does not retry by default', async () => {
    const { outcome } = await runFlow(flow([start, { id: 'flaky', type: 'flaky', config: { failures: 1 } }], ['start.text -> flaky.in']));
    expect(outcome.status).toBe('failed');
    expect(spanOf(outcome, 'flaky').attempt).toBe(1);
  });

  it('shares one timeout budget across all attempts', async () => {
    const seen = probe('retry-budget');
    const begun = Date.now();
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'hang', type: 'slow', config: { ms: 10_000, probe: 'retry-budget' }, settings: { timeoutMs: 100, retries: 5, retryBackoffMs: 0 } }],
        ['start.text -> hang.in'],
      ),
    );
    const took = Date.now() - begun;
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({ nodeId: 'hang', message: 'node `hang` failed: timed out after 100 ms' });
    // Six attempts of 100 ms each would take 600 ms.
    expect(took).toBeGreaterThanOrEqual(95);
    expect(took).toBeLessThan(400);
    expect((seen.attempts.get('hang') ?? []).length).toBeLessThanOrEqual(2);
  });

  it('times out a node that ignores its abort signal', async () => {
    const begun = Date.now();
    const { outcome } = await runFlow(
      flow([start, { id: 'hang', type: 'slow', config: { ms: 1_000, ignoreSignal: true }, settings: { timeoutMs: 50 } }], ['start.text -> hang.in']),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.message).toBe('node `hang` failed: timed out after 50 ms');
    expect(Date.now() - begun).toBeLessThan(800);
  });

  it('gives up at once when the next backoff would not fit in the time budget', async () => {
    const seen = probe('retry-no-room');
    const begun = Date.now();
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'flaky', type: 'flaky', config: { failures: 9, probe: 'retry-no-room' }, settings: { timeoutMs: 300, retries: 5, retryBackoffMs: 1_000 } }],
        ['start.text -> flaky.in'],
      ),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.message).toBe('node `flaky` failed: attempt 1 failed');
    expect(seen.attempts.get('flaky')).toHaveLength(1);
    expect(Date.now() - begun).toBeLessThan(250);
  });

  it('stops retrying when another node fails the run', async () => {
    const seen = probe('retry-stopped');
    const begun = Date.now();
    const { outcome } = await runFlow(
      flow(
        [
          start,
          { id: 'flaky', type: 'flaky', config: { failures: 9, probe: 'retry-stopped' }, settings: { retries: 5, retryBackoffMs: 500 } },
          { id: 'late', type: 'slow', config: { ms: 1_000 }, settings: { timeoutMs: 30 } },
        ],
        ['start.text -> flaky.in', 'start.text -> late.in'],
      ),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.nodeId).toBe('late');
    expect(seen.attempts.get('flaky')).toHaveLength(1);
    expect(Date.now() - begun).toBeLessThan(450);
  });
});

describe('failures', () => {
  it('sends a failure to the error port with its message; the run completes', async () => {
    const { outcome } = await runFlow(
      flow(
        [
          start,
          { id: 'boom', type: 'fail', config: { message: 'kaboom' } },
          { id: 'handler', type: 'reply', config: { text: 'sorry: {{ nodes.boom.error.message }}' } },
          { id: 'normal', type: 'reply', config: { text: 'all good' } },
        ],
        ['start.text -> boom.in', 'boom.error -> handler.in', 'boom.out -> normal.in'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(outcome.error).toBeUndefined();
    expect(replyTexts(outcome)).toEqual(['sorry: kaboom']);
    expect(spanOf(outcome, 'boom')).toMatchObject({ status: 'error', error: { message: 'kaboom' }, output: { error: { message: 'kaboom', nodeId: 'boom' } } });
    expect(spanOf(outcome, 'handler').input).toEqual({ ports: { in: { message: 'kaboom', nodeId: 'boom' } }, config: { text: 'sorry: kaboom' } });
    expect(ranIds(outcome)).not.toContain('normal');
  });

  it('sends the last error to the error port after the retries', async () => {
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'flaky', type: 'flaky', config: { failures: 9 }, settings: { retries: 1, retryBackoffMs: 0 } }, { id: 'handler', type: 'emit', config: { value: '{{ nodes.flaky.error.message }}' } }],
        ['start.text -> flaky.in', 'flaky.error -> handler.in'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(spanOf(outcome, 'flaky').attempt).toBe(2);
    expect(spanOf(outcome, 'handler').output).toEqual({ out: 'attempt 2 failed' });
  });

  it('fails the run without an error port, naming the node; nodes waiting for a slot never start', async () => {
    const { outcome, events } = await runFlow(
      flow(
        [start, { id: 'boom', type: 'fail', config: { message: 'kaboom' } }, { id: 'x', type: 'reply', config: { text: 'x' } }, { id: 'y', type: 'reply', config: { text: 'y' } }],
        ['start.text -> boom.in', 'start.text -> x.in', 'start.text -> y.in'],
      ),
      { limits: { parallelism: 1 } },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({ nodeId: 'boom', message: 'node `boom` failed: kaboom' });
    expect(ranIds(outcome)).toEqual(['start', 'boom']);
    const started = events.flatMap((event) => (event.type === 'node.started' ? [event.nodeId] : []));
    expect(started).toEqual(['start', 'boom']);
    expect(outcome.replies).toEqual([]);
  });

  it('aborts running nodes and runs nothing downstream once the run failed', async () => {
    const seen = probe('fail-abort');
    const begun = Date.now();
    const { outcome } = await runFlow(
      flow(
        [
          start,
          { id: 'boom', type: 'fail', config: { message: 'kaboom' } },
          { id: 'slow', type: 'slow', config: { ms: 2_000, probe: 'fail-abort' } },
          { id: 'after', type: 'reply', config: { text: 'after' } },
        ],
        ['start.text -> slow.in', 'slow.out -> after.in', 'start.text -> boom.in'],
      ),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.nodeId).toBe('boom');
    expect(seen.aborted).toEqual(['slow']);
    expect(ranIds(outcome)).not.toContain('after');
    expect(Date.now() - begun).toBeLessThan(1_500);
  });

  it('returns the vars and memory the turn started with when it fails', async () => {
    const state = { vars: { kept: true }, memory: [{ role: 'user' as const, content: 'before' }] };
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'set', type: 'setvar', config: { name: 'kept', value: false } }, { id: 'mem', type: 'memory', config: { clear: true } }, { id: 'boom', type: 'fail', config: { message: 'kaboom' } }],
        ['start.text -> set.in', 'set.out -> mem.in', 'mem.turns -> boom.in'],
      ),
      { state },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.state).toEqual({ vars: { kept: true }, memory: [{ role: 'user', content: 'before' }] });
    expect(state).toEqual({ vars: { kept: true }, memory: [{ role: 'user', content: 'before' }] });
  });

  it('fails a node whose type has no implementation on this server', async () => {
    const plan = compile(flow([start, { id: 'r', type: 'reply', config: { text: 'x' } }], ['start.text -> r.in']));
    const outcome = await runTurn(
      { runId: 'run-missing', plan, event: message('hi'), state: emptyConversationState() },
      {
        implementation: (type, version) => (type === 'test.reply' ? undefined : fixtureImplementation(type, version)),
        credential: () => undefined,
        now: () => Date.now(),
      },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({ nodeId: 'r', message: 'node `r` failed: no implementation of `test.reply` version 1 is installed on this server' });
  });

  it('emits node.started before node.finished for failed nodes too', async () => {
    const { events } = await runFlow(flow([start, { id: 'boom', type: 'fail', config: { message: 'x' } }], ['start.text -> boom.in']));
    const kinds = events.map(label);
    expect(kinds).toEqual(['started:start', 'finished:start', 'started:boom', 'finished:boom']);
  });
});
