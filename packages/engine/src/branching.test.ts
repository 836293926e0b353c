import { describe, expect, it } from 'vitest';
import { flow, message, ranIds, replyTexts, runFlow, spanOf } from './testing/harness.ts';

const start = { id: 'start', type: 'start' };

describe('branches', () => {
  it('runs only the fired branch; nodes on dead branches leave no span', async () => {
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'branch', type: 'branch', config: { fire: ['a'] } }, { id: 'yes', type: 'reply', config: { text: 'yes' } }, { id: 'no', type: 'reply', config: { text: 'no' } }],
        ['start.text -> branch.in', 'branch.a -> yes.in', 'branch.b -> no.in'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(ranIds(outcome).sort()).toEqual(['branch', 'start', 'yes']);
    expect(replyTexts(outcome)).toEqual(['yes']);
    expect(spanOf(outcome, 'yes').input).toEqual({ ports: { in: 'hello' } });
  });

  it('propagates skipping down a chain', async () => {
    const { outcome, events } = await runFlow(
      flow(
        [
          start,
          { id: 'branch', type: 'branch', config: { fire: ['a'] } },
          { id: 'dead1', type: 'emit', config: { value: 1 } },
          { id: 'dead2', type: 'emit', config: { value: 2 } },
          { id: 'dead3', type: 'reply', config: { text: 'never' } },
        ],
        ['start.text -> branch.in', 'branch.b -> dead1.in', 'dead1.out -> dead2.in', 'dead2.out -> dead3.in'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(ranIds(outcome).sort()).toEqual(['branch', 'start']);
    expect(events.filter((event) => event.type === 'node.started').map((event) => event.nodeId)).not.toContain('dead1');
    expect(outcome.replies).toEqual([]);
  });

  it('skips everything behind a branch that fires nothing', async () => {
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'branch', type: 'branch', config: { fire: [] } }, { id: 'a', type: 'reply', config: { text: 'a' } }, { id: 'b', type: 'reply', config: { text: 'b' } }],
        ['start.text -> branch.in', 'branch.a -> a.in', 'branch.b -> b.in'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(ranIds(outcome).sort()).toEqual(['branch', 'start']);
  });

  it('runs a node with one live and one dead input, with only the live value', async () => {
    const { outcome } = await runFlow(
      flow(
        [
          start,
          { id: 'branch', type: 'branch', config: { fire: ['a'] } },
          { id: 'left', type: 'emit', config: { value: 'L' } },
          { id: 'right', type: 'emit', config: { value: 'R' } },
          { id: 'pair', type: 'pair' },
        ],
        ['start.text -> branch.in', 'branch.a -> left.in', 'branch.b -> right.in', 'left.out -> pair.left', 'right.out -> pair.right'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(spanOf(outcome, 'pair').output).toEqual({ out: { ports: ['left'], left: 'L', right: undefined } });
    expect(ranIds(outcome)).not.toContain('right');
  });

  it('skips a node when a live node fires only a port that is not connected to it', async () => {
    // `left` runs, but on its error port only if it failed; its `out` edge is live, the error edge dead.
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'left', type: 'emit', config: { value: 1 } }, { id: 'onError', type: 'reply', config: { text: 'error' } }, { id: 'next', type: 'reply', config: { text: 'fine' } }],
        ['start.text -> left.in', 'left.error -> onError.in', 'left.out -> next.in'],
      ),
    );
    expect(replyTexts(outcome)).toEqual(['fine']);
    expect(ranIds(outcome)).not.toContain('onError');
  });

  it('starts at the trigger matching the event and skips the others with what follows them', async () => {
    const doc = flow(
      [
        { id: 'hook', type: 'hook' },
        start,
        { id: 'fromHook', type: 'reply', config: { text: 'from hook' } },
        { id: 'fromStart', type: 'reply', config: { text: 'from start' } },
      ],
      ['hook.payload -> fromHook.in', 'start.text -> fromStart.in'],
    );
    const onMessage = (await runFlow(doc, { event: message('hi') })).outcome;
    expect(onMessage.status).toBe('completed');
    expect(replyTexts(onMessage)).toEqual(['from start']);
    expect(ranIds(onMessage).sort()).toEqual(['fromStart', 'start']);
    expect(spanOf(onMessage, 'start').output).toEqual({ text: 'hi', event: { kind: 'message', text: 'hi' } });
    // Both triggers listen to webhooks: the first in the document wins.
    const onWebhook = (await runFlow(doc, { event: message('', { kind: 'webhook', channel: 'webhook', payload: { a: 1 } }) })).outcome;
    expect(replyTexts(onWebhook)).toEqual(['from hook']);
    expect(ranIds(onWebhook).sort()).toEqual(['fromHook', 'hook']);
    expect(spanOf(onWebhook, 'hook').output).toEqual({ payload: { a: 1 } });
  });

  it('fails cleanly when no trigger listens for the event', async () => {
    const doc = flow([start, { id: 'r', type: 'reply', config: { text: 'x' } }], ['start.text -> r.in']);
    const { outcome } = await runFlow(doc, { event: { kind: 'timer', text: '', channel: 'timer', receivedAt: '2025-01-01T00:00:00.000Z' } });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({ message: 'this flow has no trigger for timer events from timer: add one (a chat trigger takes messages from any channel)' });
    expect(outcome.spans).toEqual([]);
  });
});

describe('joins', () => {
  it('waits for both live inputs and receives both values', async () => {
    const { outcome } = await runFlow(
      flow(
        [start, { id: 'fast', type: 'emit', config: { value: 'F' } }, { id: 'slow', type: 'slow', config: { ms: 40 } }, { id: 'pair', type: 'pair' }],
        ['start.text -> fast.in', 'start.text -> slow.in', 'fast.out -> pair.left', 'slow.out -> pair.right'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(spanOf(outcome, 'pair').output).toEqual({ out: { ports: ['left', 'right'], left: 'F', right: 'hello' } });
    const order = ranIds(outcome);
    expect(order.indexOf('pair')).toBeGreaterThan(order.indexOf('slow'));
    expect(spanOf(outcome, 'pair').startedAt).toBeGreaterThanOrEqual(spanOf(outcome, 'slow').startedAt + spanOf(outcome, 'slow').durationMs);
  });

  it('collects a `multiple` input from live edges in edge order, whatever order they finish in', async () => {
    const { outcome } = await runFlow(
      flow(
        [
          start,
          { id: 'first', type: 'slow', config: { ms: 60 } },
          { id: 'second', type: 'emit', config: { value: 'two' } },
          { id: 'branch', type: 'branch', config: { fire: ['b'] } },
          { id: 'deadOne', type: 'emit', config: { value: 'dead' } },
          { id: 'third', type: 'emit', config: { value: 'three' } },
          { id: 'collect', type: 'collect' },
        ],
        [
          'start.text -> first.in',
          'start.text -> second.in',
          'start.text -> branch.in',
          'branch.a -> deadOne.in',
          'branch.b -> third.in',
          'first.out -> collect.items',
          'deadOne.out -> collect.items',
          'second.out -> collect.items',
          'third.out -> collect.items',
        ],
      ),
    );
    expect(outcome.status).toBe('completed');
    // `first` finishes last but its edge comes first; the dead edge contributes nothing.
    expect(spanOf(outcome, 'collect').output).toEqual({ out: ['hello', 'two', 'three'] });
    expect(ranIds(outcome).indexOf('first')).toBeGreaterThan(ranIds(outcome).indexOf('third'));
  });

  it('skips a join whose every input is dead', async () => {
    const { outcome } = await runFlow(
      flow(
        [
          start,
          { id: 'branch', type: 'branch', config: { fire: ['c'] } },
          { id: 'left', type: 'emit', config: { value: 'L' } },
          { id: 'right', type: 'emit', config: { value: 'R' } },
          { id: 'pair', type: 'pair' },
          { id: 'after', type: 'reply', config: { text: 'after' } },
        ],
        ['start.text -> branch.in', 'branch.a -> left.in', 'branch.b -> right.in', 'left.out -> pair.left', 'right.out -> pair.right', 'pair.out -> after.in'],
      ),
    );
    expect(outcome.status).toBe('completed');
    expect(ranIds(outcome).sort()).toEqual(['branch', 'start']);
  });
});
