import { describe, expect, it } from 'vitest';
import { compile, flow, label, message, replyTexts, runFlow, spanOf, turn } from './testing/harness.ts';

const start = { id: 'start', type: 'start' };

describe('expressions at run time', () => {
  it('resolves config expressions against the message, and records the resolved config on the span', async () => {
    const { outcome } = await runFlow(flow([start, { id: 'r', type: 'reply', config: { text: 'You said {{ message.text | upper }}' } }], ['start.text -> r.in']), {
      event: message('hello'),
    });
    expect(outcome.status).toBe('completed');
    expect(replyTexts(outcome)).toEqual(['You said HELLO']);
    expect(spanOf(outcome, 'r').input).toEqual({ ports: { in: 'hello' }, config: { text: 'You said HELLO' } });
  });

  it('records only the input ports of nodes without expressions', async () => {
    const { outcome } = await runFlow(flow([start, { id: 'r', type: 'reply', config: { text: 'fixed' } }], ['start.text -> r.in']));
    expect(spanOf(outcome, 'r').input).toEqual({ ports: { in: 'hello' } });
  });

  it('reads upstream outputs and variables set earlier in the same turn', async () => {
    const { outcome } = await runFlow(
      flow(
        [
          start,
          { id: 'set', type: 'setvar', config: { name: 'who', value: '{{ nodes.start.text }}' } },
          { id: 'r', type: 'reply', config: { text: '{{ vars.who }}/{{ vars.before }}/{{ nodes.set.out }}' } },
        ],
        ['start.text -> set.in', 'set.out -> r.in'],
      ),
      { event: message('Ada'), state: { vars: { before: 'kept' }, memory: [] } },
    );
    expect(replyTexts(outcome)).toEqual(['Ada/kept/Ada']);
    expect(outcome.state.vars).toEqual({ before: 'kept', who: 'Ada' });
  });

  it('returns the raw value of a single expression, so non-text fields receive lists and numbers', async () => {
    const { outcome } = await runFlow(
      flow([start, { id: 'e', type: 'emit', config: { value: '{{ message.text | split(",") }}' } }], ['start.text -> e.in']),
      { event: message('a,b') },
    );
    expect(spanOf(outcome, 'e').output).toEqual({ out: ['a', 'b'] });
  });

  it('fails the node when the resolved config does not fit the schema, naming the field', async () => {
    const { outcome } = await runFlow(flow([start, { id: 'r', type: 'reply', config: { text: '{{ message.text }}' } }], ['start.text -> r.in']), {
      event: message(''),
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({ nodeId: 'r', message: 'node `r` failed: config after expressions: `text`: Too small: expected string to have >=1 characters' });
    expect(spanOf(outcome, 'r').status).toBe('error');
  });

  it('fails a number field that an expression fills with text', async () => {
    const { outcome } = await runFlow(flow([start, { id: 's', type: 'slow', config: { ms: '{{ message.text }}' } }], ['start.text -> s.in']), {
      event: message('soon'),
    });
    expect(outcome.error).toEqual({ nodeId: 's', message: 'node `s` failed: config after expressions: `ms`: Invalid input: expected number, received string' });
  });

  it('does not retry a config that does not fit: it would not fit the next time either', async () => {
    const { outcome } = await runFlow(
      flow([start, { id: 'r', type: 'reply', config: { text: '{{ message.text }}' }, settings: { retries: 3, retryBackoffMs: 0 } }], ['start.text -> r.in']),
      { event: message('') },
    );
    expect(spanOf(outcome, 'r').attempt).toBe(1);
  });
});

describe('replies and idempotency', () => {
  const twoReplies = () =>
    compile(
      flow(
        [start, { id: 'a', type: 'reply', config: { text: 'one' } }, { id: 'b', type: 'reply', config: { text: 'two' } }],
        ['start.text -> a.in', 'a.out -> b.in'],
      ),
    );

  it('gives every reply a key that is the same when the same run is executed again', async () => {
    const plan = twoReplies();
    const first = (await turn(plan, { runId: 'run-a' })).outcome;
    const again = (await turn(plan, { runId: 'run-a' })).outcome;
    const keys = first.replies.map((reply) => reply.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    expect(again.replies.map((reply) => reply.idempotencyKey)).toEqual(keys);
    // Reply ids are new rows each time; the keys are what de-duplicates sends.
    expect(again.replies.map((reply) => reply.id)).not.toEqual(first.replies.map((reply) => reply.id));
  });

  it('gives a different run different keys', async () => {
    const plan = twoReplies();
    const first = (await turn(plan, { runId: 'run-a' })).outcome;
    const other = (await turn(plan, { runId: 'run-b' })).outcome;
    for (const key of other.replies.map((reply) => reply.idempotencyKey)) {
      expect(first.replies.map((reply) => reply.idempotencyKey)).not.toContain(key);
    }
  });

  it('records which node sent each reply, in order', async () => {
    const { outcome } = await turn(twoReplies());
    expect(outcome.replies.map(({ nodeId, text }) => ({ nodeId, text }))).toEqual([
      { nodeId: 'a', text: 'one' },
      { nodeId: 'b', text: 'two' },
    ]);
  });
});

describe('events', () => {
  it('emits node.started before node.finished, and replies while their node runs', async () => {
    const { outcome, events } = await runFlow(
      flow(
        [start, { id: 'a', type: 'reply', config: { text: 'one' } }, { id: 'b', type: 'reply', config: { text: 'two' } }],
        ['start.text -> a.in', 'a.out -> b.in'],
      ),
    );
    expect(events.map(label)).toEqual(['started:start', 'finished:start', 'started:a', 'reply:one', 'finished:a', 'started:b', 'reply:two', 'finished:b']);
    const finished = events.flatMap((event) => (event.type === 'node.finished' ? [event.span] : []));
    expect(finished).toEqual(outcome.spans);
    const replied = events.flatMap((event) => (event.type === 'reply' ? [event.reply] : []));
    expect(replied).toEqual(outcome.replies);
  });

  it('starts and finishes every node of parallel branches in pairs', async () => {
    const { events } = await runFlow(
      flow(
        [start, { id: 'x', type: 'slow', config: { ms: 20 } }, { id: 'y', type: 'slow', config: { ms: 5 } }, { id: 'z', type: 'pair' }],
        ['start.text -> x.in', 'start.text -> y.in', 'x.out -> z.left', 'y.out -> z.right'],
      ),
    );
    const labels = events.map(label);
    for (const id of ['start', 'x', 'y', 'z']) {
      expect(labels.indexOf(`started:${id}`)).toBeGreaterThanOrEqual(0);
      expect(labels.indexOf(`started:${id}`)).toBeLessThan(labels.indexOf(`finished:${id}`));
    }
    expect(labels.indexOf('started:z')).toBeGreaterThan(labels.indexOf('finished:x'));
    expect(labels.indexOf('started:z')).toBeGreaterThan(labels.indexOf('finished:y'));
  });
});

describe('the outcome', () => {
  it('describes the turn: run id, spans with timings, steps, and the new state', async () => {
    const before = Date.now();
    const { outcome } = await runFlow(flow([start, { id: 's', type: 'slow', config: { ms: 20 } }], ['start.text -> s.in']), { runId: 'run-outcome' });
    expect(outcome).toMatchObject({ runId: 'run-outcome', status: 'completed', error: undefined, steps: 2 });
    expect(outcome.startedAt).toBeGreaterThanOrEqual(before);
    expect(outcome.finishedAt).toBeGreaterThanOrEqual(outcome.startedAt);
    const span = spanOf(outcome, 's');
    expect(span).toMatchObject({ runId: 'run-outcome', nodeType: 'test.slow', status: 'ok', attempt: 1, iteration: undefined, output: { out: 'hello' } });
    expect(span.durationMs).toBeGreaterThanOrEqual(15);
    expect(new Set(outcome.spans.map((each) => each.id)).size).toBe(outcome.spans.length);
  });

  it('does not change the state it was given', async () => {
    const state = { vars: { n: 1 }, memory: [{ role: 'user' as const, content: 'earlier' }] };
    const { outcome } = await runFlow(
      flow([start, { id: 'set', type: 'setvar', config: { name: 'n', value: 2 } }, { id: 'mem', type: 'memory' }], ['start.text -> set.in', 'set.out -> mem.in']),
      { state },
    );
    expect(outcome.state.vars).toEqual({ n: 2 });
    expect(outcome.state.memory).toHaveLength(2);
    expect(state).toEqual({ vars: { n: 1 }, memory: [{ role: 'user', content: 'earlier' }] });
  });

  it('lets a node clear memory and start it afresh', async () => {
    const { outcome } = await runFlow(flow([start, { id: 'mem', type: 'memory', config: { clear: true } }], ['start.text -> mem.in']), {
      state: { vars: {}, memory: [{ role: 'user', content: 'old' }] },
    });
    expect(spanOf(outcome, 'mem').output).toEqual({ turns: ['hello'] });
    expect(outcome.state.memory).toEqual([{ role: 'user', content: 'hello' }]);
  });

  it('hands a node the secrets of its credential', async () => {
    const doc = flow([start, { id: 'key', type: 'secret', credentialId: 'cred-1' }], ['start.text -> key.in']);
    const { outcome } = await runFlow(doc, { credentials: { 'cred-1': { token: 't', user: 'u' } } });
    expect(spanOf(outcome, 'key').output).toEqual({ out: ['token', 'user'] });
  });
});
