import { describe, expect, it } from 'vitest';
import { journalKey } from './journal.ts';
import { probe } from './testing/fixture-nodes.ts';
import type { Probe } from './testing/fixture-nodes.ts';
import { compile, flow, label, message, spanOf, spansOf, turn } from './testing/harness.ts';
import type { JournalEntry } from './types.ts';

const start = { id: 'start', type: 'start' };

/** A checkpoint store that takes a while, like a database write, and logs `saved:<key>` once done. */
function store(log?: Probe): { entries: JournalEntry[]; save: (entry: JournalEntry) => Promise<void> } {
  const entries: JournalEntry[] = [];
  const save = async (entry: JournalEntry): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    entries.push(structuredClone(entry));
    log?.log.push(`saved:${entry.key}`);
  };
  return { entries, save };
}

function journalOf(entries: readonly JournalEntry[]): Map<string, JournalEntry> {
  return new Map(entries.map((entry) => [entry.key, entry]));
}

function charges(seen: Probe): string[] {
  return seen.log.filter((line) => line.startsWith('charge:'));
}

describe('checkpoints', () => {
  it('saves each checkpointed node’s result as JSON, in order, before anything downstream starts', async () => {
    const seen = probe('journal-order');
    const saved = store(seen);
    const plan = compile(
      flow(
        [
          start,
          { id: 'llm', type: 'charge', config: { probe: 'journal-order' } },
          { id: 'llm2', type: 'charge', config: { probe: 'journal-order' } },
          { id: 'after', type: 'slow', config: { ms: 0, probe: 'journal-order' } },
        ],
        ['start.text -> llm.in', 'llm.out -> llm2.in', 'llm2.out -> after.in'],
      ),
    );
    const { outcome } = await turn(plan, { checkpoint: saved.save });
    expect(outcome.status).toBe('completed');
    expect(seen.log).toEqual([
      'charge:llm:hello',
      'saved:llm',
      expect.stringMatching(/^charge:llm2:hello#\d+$/),
      'saved:llm2',
      'start:after',
      'end:after',
    ]);
    expect(saved.entries.map((entry) => entry.key)).toEqual(['llm', 'llm2']);
    const llm = spanOf(outcome, 'llm');
    expect(saved.entries[0]).toEqual({
      key: 'llm',
      fired: ['out'],
      outputs: llm.output,
      effects: {
        vars: { charged: 'hello' },
        appendedMemory: [{ role: 'assistant', content: 'charged hello' }],
        replies: [{ text: 'charged hello', data: outcome.replies[0]?.data }],
      },
      span: llm,
    });
    expect(JSON.parse(JSON.stringify(saved.entries))).toEqual(saved.entries);
  });

  it('replays checkpointed nodes of a re-executed run without running them, with the same results, keys and spans', async () => {
    const plan = compile(
      flow(
        [
          start,
          { id: 'llm', type: 'charge', config: { probe: 'journal-replay' } },
          { id: 'after', type: 'emit', config: { value: '{{ vars.plan }} {{ vars.charged }} {{ nodes.llm.out }}' } },
          { id: 'mem', type: 'memory' },
        ],
        ['start.text -> llm.in', 'llm.out -> after.in', 'after.out -> mem.in'],
      ),
    );
    const options = { runId: 'run-journal-replay', event: message('hello'), state: { vars: { plan: 'pro' }, memory: [{ role: 'user' as const, content: 'earlier' }] } };
    const first = store();
    const crashed = await turn(plan, { ...options, checkpoint: first.save });
    expect(crashed.outcome.status).toBe('completed');

    const seen = probe('journal-replay');
    const again = store();
    const { outcome, events } = await turn(plan, { ...options, checkpoint: again.save, journal: journalOf(first.entries) });
    expect(outcome.status).toBe('completed');
    expect(charges(seen)).toEqual([]);
    expect(again.entries).toEqual([]);
    expect(spanOf(outcome, 'after').output).toEqual(spanOf(crashed.outcome, 'after').output);
    expect(spanOf(outcome, 'mem').output).toEqual({ turns: ['earlier', 'charged hello', 'hello'] });
    expect(outcome.state).toEqual(crashed.outcome.state);
    expect(outcome.state.vars).toEqual({ plan: 'pro', charged: 'hello' });
    expect(outcome.replies.map(({ idempotencyKey, text, data }) => ({ idempotencyKey, text, data }))).toEqual(
      crashed.outcome.replies.map(({ idempotencyKey, text, data }) => ({ idempotencyKey, text, data })),
    );
    expect(spanOf(outcome, 'llm')).toEqual(spanOf(crashed.outcome, 'llm'));
    expect(outcome.steps).toBe(crashed.outcome.steps);
    expect(events.map(label)).toEqual(crashed.events.map(label));
  });

  it('keys loop iterations apart: a journal of the first two items runs the node for the third only', async () => {
    const plan = compile(
      flow(
        [
          start,
          { id: 'list', type: 'emit', config: { value: ['a', 'b', 'c'] } },
          { id: 'loop', type: 'loop' },
          { id: 'llm', type: 'charge', config: { probe: 'journal-loop' } },
        ],
        ['start.text -> list.in', 'list.out -> loop.items', 'loop.item -> llm.in', 'llm.out -> loop.next'],
      ),
    );
    const first = store();
    const crashed = await turn(plan, { runId: 'run-journal-loop', checkpoint: first.save });
    expect(first.entries.map((entry) => entry.key)).toEqual([journalKey('llm', 'loop#0'), journalKey('llm', 'loop#1'), journalKey('llm', 'loop#2')]);
    expect(new Set(first.entries.map((entry) => entry.key)).size).toBe(3);

    const seen = probe('journal-loop');
    const again = store();
    const { outcome } = await turn(plan, { runId: 'run-journal-loop', checkpoint: again.save, journal: journalOf(first.entries.slice(0, 2)) });
    expect(outcome.status).toBe('completed');
    expect(charges(seen)).toEqual(['charge:llm:c']);
    expect(again.entries.map((entry) => entry.key)).toEqual([journalKey('llm', 'loop#2')]);
    const before = spanOf(crashed.outcome, 'loop').output;
    const after = spanOf(outcome, 'loop').output;
    expect(after).toEqual({ done: [expect.stringMatching(/^a#\d+$/), expect.stringMatching(/^b#\d+$/), expect.stringMatching(/^c#\d+$/)] });
    expect(after).not.toEqual(before);
    const done = (output: unknown): unknown => (typeof output === 'object' && output !== null && 'done' in output && Array.isArray(output.done) ? output.done.slice(0, 2) : undefined);
    expect(done(after)).toEqual(done(before));
    expect(spansOf(outcome, 'llm').map((span) => span.id).slice(0, 2)).toEqual(spansOf(crashed.outcome, 'llm').map((span) => span.id).slice(0, 2));
    expect(outcome.replies.map((reply) => reply.idempotencyKey)).toEqual(crashed.outcome.replies.map((reply) => reply.idempotencyKey));
  });

  it('fails the run when a checkpoint cannot be saved, before anything of the node is visible', async () => {
    const { outcome } = await turn(
      compile(
        flow(
          [start, { id: 'llm', type: 'charge' }, { id: 'after', type: 'emit', config: { value: 'after' } }],
          ['start.text -> llm.in', 'llm.out -> after.in'],
        ),
      ),
      { state: { vars: { plan: 'pro' }, memory: [] }, checkpoint: () => Promise.reject(new Error('database is down')) },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({ nodeId: 'llm', message: 'could not save the checkpoint of node `llm`: database is down' });
    expect(spanOf(outcome, 'llm')).toMatchObject({ status: 'error', error: { message: 'could not save the checkpoint of node `llm`: database is down' } });
    expect(spansOf(outcome, 'after')).toEqual([]);
    expect(outcome.replies).toEqual([]);
    expect(outcome.state).toEqual({ vars: { plan: 'pro' }, memory: [] });
  });

  it('does not save a node that fails the run', async () => {
    const saved = store();
    const { outcome } = await turn(compile(flow([start, { id: 'llm', type: 'charge', config: { fail: true } }], ['start.text -> llm.in'])), {
      checkpoint: saved.save,
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toEqual({ nodeId: 'llm', message: 'node `llm` failed: card declined' });
    expect(saved.entries).toEqual([]);
  });

  it('saves a node that fails over to its error port, and replays the failure', async () => {
    const plan = compile(
      flow(
        [
          start,
          { id: 'llm', type: 'charge', config: { fail: true, probe: 'journal-error' } },
          { id: 'handler', type: 'emit', config: { value: 'handled {{ nodes.llm.error.message }}' } },
        ],
        ['start.text -> llm.in', 'llm.error -> handler.in'],
      ),
    );
    const first = store();
    const crashed = await turn(plan, { runId: 'run-journal-error', checkpoint: first.save });
    expect(crashed.outcome.status).toBe('completed');
    expect(first.entries).toEqual([
      {
        key: 'llm',
        fired: ['error'],
        outputs: { error: { message: 'card declined', nodeId: 'llm' } },
        effects: {},
        span: spanOf(crashed.outcome, 'llm'),
      },
    ]);

    const seen = probe('journal-error');
    const { outcome } = await turn(plan, { runId: 'run-journal-error', checkpoint: first.save, journal: journalOf(first.entries) });
    expect(charges(seen)).toEqual([]);
    expect(first.entries).toHaveLength(1);
    expect(spanOf(outcome, 'llm')).toMatchObject({ id: spanOf(crashed.outcome, 'llm').id, status: 'error' });
    expect(spanOf(outcome, 'handler').output).toEqual({ out: 'handled card declined' });
  });
});
