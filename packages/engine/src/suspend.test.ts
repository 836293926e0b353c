import { describe, expect, it } from 'vitest';
import { compile, flow, message, ranIds, replyTexts, runFlow, spanOf, timerEvent, turn } from './testing/harness.ts';
import { emptyConversationState } from './types.ts';
import type { ConversationState, TurnOutcome } from './types.ts';

const start = { id: 'start', type: 'start' };

function waitingOf(outcome: TurnOutcome) {
  const { waiting } = outcome.state;
  if (!waiting) throw new Error(`expected the run to wait, it is ${outcome.status}`);
  return waiting;
}

const askFlow = () =>
  compile(
    flow(
      [
        start,
        { id: 'remember', type: 'setvar', config: { name: 'first', value: '{{ message.text }}' } },
        { id: 'mem', type: 'memory' },
        { id: 'ask', type: 'ask', config: { prompt: 'What is your name?' } },
        { id: 'thanks', type: 'reply', config: { text: 'Thanks {{ nodes.ask.answer }}, you said "{{ vars.first }}" then "{{ message.text }}"' } },
        { id: 'mem2', type: 'memory' },
      ],
      ['start.text -> remember.in', 'remember.out -> mem.in', 'mem.turns -> ask.in', 'ask.answer -> thanks.in', 'thanks.out -> mem2.in'],
    ),
  );

describe('ask and resume', () => {
  it('suspends at an ask node: the prompt is a reply and the state says where the run waits', async () => {
    const { outcome } = await turn(askFlow(), { event: message('hello'), runId: 'run-ask-1' });
    expect(outcome.status).toBe('waiting');
    expect(outcome.error).toBeUndefined();
    expect(replyTexts(outcome)).toEqual(['What is your name?']);
    expect(outcome.replies[0]?.nodeId).toBe('ask');
    expect(outcome.replies[0]?.idempotencyKey).toContain('run-ask-1');
    expect(spanOf(outcome, 'ask').status).toBe('suspended');
    expect(ranIds(outcome)).not.toContain('thanks');
    const waiting = waitingOf(outcome);
    expect(waiting).toMatchObject({ runId: 'run-ask-1', kind: 'ask', nodeIds: ['ask'] });
    expect(waiting.resumeAt).toBeUndefined();
    expect(outcome.state.vars).toEqual({ first: 'hello' });
    expect(outcome.state.memory).toEqual([{ role: 'user', content: 'hello' }]);
  });

  it('resumes with the next message at the ask node and completes, keeping vars and memory', async () => {
    const plan = askFlow();
    const first = (await turn(plan, { event: message('hello') })).outcome;
    const { outcome, events } = await turn(plan, { event: message('Ada'), state: first.state });
    expect(outcome.status).toBe('completed');
    expect(replyTexts(outcome)).toEqual(['Thanks Ada, you said "hello" then "Ada"']);
    // Nothing before the ask runs again.
    expect(ranIds(outcome)).toEqual(['ask', 'thanks', 'mem2']);
    expect(events.filter((event) => event.type === 'node.started').map((event) => event.nodeId)).toEqual(['ask', 'thanks', 'mem2']);
    expect(spanOf(outcome, 'ask')).toMatchObject({ status: 'ok', output: { answer: 'Ada' } });
    expect(outcome.state.waiting).toBeUndefined();
    expect(outcome.state.vars).toEqual({ first: 'hello' });
    expect(outcome.state.memory).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'user', content: 'Ada' },
    ]);
  });

  it('resumes identically from a JSON copy of the state, as after a restart', async () => {
    const plan = askFlow();
    const first = (await turn(plan, { event: message('hello') })).outcome;
    const stored = reloaded(first.state);
    // Plain JSON already: nothing is lost or changed on the way (no undefined, no class instances).
    expect(stored).toStrictEqual(first.state);
    const fromMemory = (await turn(plan, { event: message('Ada'), state: first.state, runId: 'same' })).outcome;
    const fromJson = (await turn(plan, { event: message('Ada'), state: stored, runId: 'same' })).outcome;
    expect(fromJson.status).toBe('completed');
    expect(fromJson.state).toEqual(fromMemory.state);
    expect(fromJson.replies.map(({ text, idempotencyKey }) => ({ text, idempotencyKey }))).toEqual(
      fromMemory.replies.map(({ text, idempotencyKey }) => ({ text, idempotencyKey })),
    );
    expect(fromJson.spans.map(({ nodeId, status, output }) => ({ nodeId, status, output }))).toEqual(
      fromMemory.spans.map(({ nodeId, status, output }) => ({ nodeId, status, output })),
    );
  });

  it('does not change the state it was given', async () => {
    const plan = askFlow();
    const first = (await turn(plan, { event: message('hello') })).outcome;
    const before = structuredClone(first.state);
    await turn(plan, { event: message('Ada'), state: first.state });
    expect(first.state).toEqual(before);
  });

  it('finishes parallel branches before waiting, and joins them after the answer', async () => {
    const plan = compile(
      flow(
        [
          start,
          { id: 'ask', type: 'ask', config: { prompt: 'Sure?' } },
          { id: 'side', type: 'reply', config: { text: 'working on it' } },
          { id: 'pair', type: 'pair' },
        ],
        ['start.text -> ask.in', 'start.text -> side.in', 'ask.answer -> pair.left', 'side.out -> pair.right'],
      ),
    );
    const first = (await turn(plan)).outcome;
    expect(first.status).toBe('waiting');
    expect(replyTexts(first).sort()).toEqual(['Sure?', 'working on it']);
    const second = (await turn(plan, { event: message('yes'), state: first.state })).outcome;
    expect(second.status).toBe('completed');
    expect(ranIds(second)).toEqual(['ask', 'pair']);
    expect(spanOf(second, 'pair').output).toEqual({ out: { ports: ['left', 'right'], left: 'yes', right: 'working on it' } });
  });

  it('waits at two asks one after the other when both suspend in one turn', async () => {
    const plan = compile(
      flow(
        [start, { id: 'q1', type: 'ask', config: { prompt: 'one?' } }, { id: 'q2', type: 'ask', config: { prompt: 'two?' } }, { id: 'pair', type: 'pair' }],
        ['start.text -> q1.in', 'start.text -> q2.in', 'q1.answer -> pair.left', 'q2.answer -> pair.right'],
      ),
    );
    const first = (await turn(plan)).outcome;
    expect(waitingOf(first).nodeIds).toEqual(['q1', 'q2']);
    const second = (await turn(plan, { event: message('1'), state: first.state })).outcome;
    expect(second.status).toBe('waiting');
    expect(waitingOf(second).nodeIds).toEqual(['q2']);
    expect(second.replies).toEqual([]);
    const third = (await turn(plan, { event: message('2'), state: second.state })).outcome;
    expect(third.status).toBe('completed');
    expect(spanOf(third, 'pair').output).toEqual({ out: { ports: ['left', 'right'], left: '1', right: '2' } });
  });

  it('gives the prompt and the ask node’s own replies distinct idempotency keys', async () => {
    const plan = compile(flow([start, { id: 'ask', type: 'ask', config: { prompt: 'Name?', say: 'Welcome!' } }], ['start.text -> ask.in']));
    const { outcome } = await turn(plan);
    expect(replyTexts(outcome)).toEqual(['Welcome!', 'Name?']);
    const keys = outcome.replies.map((reply) => reply.idempotencyKey);
    expect(new Set(keys).size).toBe(2);
  });

  it('drops the wait and keeps the old vars when the resumed run fails', async () => {
    const plan = compile(
      flow(
        [start, { id: 'ask', type: 'ask', config: { prompt: 'Name?' } }, { id: 'set', type: 'setvar', config: { name: 'x', value: 2 } }, { id: 'boom', type: 'fail', config: { message: 'nope' } }],
        ['start.text -> ask.in', 'ask.answer -> set.in', 'set.out -> boom.in'],
      ),
    );
    const first = (await turn(plan, { state: { vars: { x: 1 }, memory: [] } })).outcome;
    const second = (await turn(plan, { event: message('Ada'), state: first.state })).outcome;
    expect(second.status).toBe('failed');
    expect(second.state).toEqual({ vars: { x: 1 }, memory: [] });
  });

  it('rejects a timer event while the conversation waits for an answer', async () => {
    const plan = askFlow();
    const first = (await turn(plan)).outcome;
    await expect(turn(plan, { event: timerEvent(), state: first.state })).rejects.toThrow('a conversation waiting on an answer cannot resume with a timer event');
  });
});

describe('delays', () => {
  const delayFlow = () =>
    compile(
      flow(
        [start, { id: 'wait', type: 'delay', config: { ms: 60_000 } }, { id: 'later', type: 'reply', config: { text: 'a minute later: {{ nodes.start.text }}' } }],
        ['start.text -> wait.in', 'wait.out -> later.in'],
      ),
    );

  it('waits with kind delay until the time the node asked for', async () => {
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'wait', type: 'delay', config: { ms: 60_000 } }, { id: 'later', type: 'reply', config: { text: 'later' } }],
        ['start.text -> wait.in', 'wait.out -> later.in'],
      ),
      { event: message('hi', { receivedAt: '2025-01-01T00:00:00.000Z' }) },
    );
    expect(outcome.status).toBe('waiting');
    expect(waitingOf(outcome)).toMatchObject({ kind: 'delay', nodeIds: ['wait'], resumeAt: Date.parse('2025-01-01T00:01:00.000Z') });
    expect(outcome.replies).toEqual([]);
    expect(ranIds(outcome)).not.toContain('later');
  });

  it('resumes on a timer event', async () => {
    const plan = delayFlow();
    const first = (await turn(plan, { event: message('hi') })).outcome;
    const second = (await turn(plan, { event: timerEvent(), state: first.state })).outcome;
    expect(second.status).toBe('completed');
    expect(replyTexts(second)).toEqual(['a minute later: hi']);
    expect(second.state.waiting).toBeUndefined();
  });

  it('rejects a message event while the conversation waits for a timer', async () => {
    const plan = delayFlow();
    const first = (await turn(plan, { event: message('hi') })).outcome;
    await expect(turn(plan, { event: message('are you there?'), state: first.state })).rejects.toThrow(
      'a conversation waiting on a timer cannot resume with a message event',
    );
  });
});

describe('an ask and a delay waiting side by side', () => {
  const plan = () =>
    compile(
      flow(
        [
          start,
          { id: 'ask', type: 'ask', config: { prompt: 'Name?' } },
          { id: 'wait', type: 'delay', config: { ms: 60_000 } },
          { id: 'pair', type: 'pair' },
        ],
        ['start.text -> ask.in', 'start.text -> wait.in', 'ask.answer -> pair.left', 'wait.out -> pair.right'],
      ),
    );

  it('waits for the timer, with its time, once the answer has come', async () => {
    const flowPlan = plan();
    const first = (await turn(flowPlan, { event: message('hi', { receivedAt: '2025-01-01T00:00:00.000Z' }) })).outcome;
    expect(waitingOf(first)).toMatchObject({ kind: 'ask', nodeIds: ['ask', 'wait'] });
    const second = (await turn(flowPlan, { event: message('Ada'), state: first.state })).outcome;
    expect(second.status).toBe('waiting');
    expect(waitingOf(second)).toMatchObject({ kind: 'delay', nodeIds: ['wait'], resumeAt: Date.parse('2025-01-01T00:01:00.000Z') });
    // A message now must not cut the delay short.
    await expect(turn(flowPlan, { event: message('hurry'), state: second.state })).rejects.toThrow('cannot resume with a message event');
    const third = (await turn(flowPlan, { event: timerEvent(), state: reloaded(second.state) })).outcome;
    expect(third.status).toBe('completed');
    expect(spanOf(third, 'pair').output).toEqual({ out: { ports: ['left', 'right'], left: 'Ada', right: 'hi' } });
  });
});

/** What a restart does to the state: it goes to the database as JSON and comes back. */
function reloaded(state: ConversationState): ConversationState {
  const json: unknown = JSON.parse(JSON.stringify(state));
  return Object.assign(emptyConversationState(), json);
}
