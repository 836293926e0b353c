import { toError } from './deadline.ts';
import { Effects } from './effects.ts';
import type { NodeOutcome, NodeRequest } from './execute-node.ts';
import { storedRecord, storedValue } from './stored.ts';
import type { TurnState } from './turn-state.ts';
import type { JournalEntry, SpanRecord } from './types.ts';

/** One execution of a node within a run: a node inside a loop body runs once per iteration. */
export function journalKey(nodeId: string, iteration: string | undefined): string {
  // Node ids hold letters, digits, `-` and `_` only, so `@` cannot be part of one.
  return iteration === undefined ? nodeId : `${nodeId}@${iteration}`;
}

/** What a checkpointed node produced: its changes are still held back, uncommitted. */
export interface Finished {
  fired: string[];
  outputs: Record<string, unknown>;
  /** Undefined when the node failed over to its error port: a failed attempt changes nothing. */
  effects: Effects | undefined;
  span: SpanRecord;
}

/**
 * Saves a checkpointed node's result before anything downstream of it can start, then applies it
 * exactly as a replay will: the first execution and a re-execution see the same values. Nothing the
 * node did (replies included) is visible before the save succeeded; when it fails, the run fails.
 */
export async function checkpointNode(
  turn: TurnState,
  request: NodeRequest,
  finished: Finished,
  save: (entry: JournalEntry) => Promise<void>,
): Promise<NodeOutcome> {
  const { node, iteration } = request;
  let entry: JournalEntry;
  try {
    entry = {
      key: journalKey(node.id, iteration),
      fired: [...finished.fired],
      outputs: storedRecord(finished.outputs),
      effects: finished.effects?.record() ?? {},
      span: { ...finished.span, input: storedValue(finished.span.input), output: storedValue(finished.span.output) },
    };
    await save(entry);
  } catch (error) {
    const message = `could not save the checkpoint of node \`${node.id}\`: ${toError(error).message}`;
    const span: SpanRecord = { ...finished.span, status: 'error', error: { message } };
    turn.spans.push(span);
    turn.emit({ type: 'node.finished', span });
    turn.fail(node.id, message);
    return { kind: 'failed' };
  }
  return applyEntry(turn, request, entry);
}

/** Replays a node an earlier execution of this run finished: its recorded result, without running it. */
export function replayNode(turn: TurnState, request: NodeRequest, entry: JournalEntry): NodeOutcome {
  const { node } = request;
  turn.emit({ type: 'node.started', nodeId: node.id, nodeType: node.type });
  try {
    turn.step();
  } catch (error) {
    turn.fail(node.id, toError(error).message);
    return { kind: 'failed' };
  }
  return applyEntry(turn, request, entry);
}

/** Commits a recorded result through the path a live node's changes take; replies get the same keys. */
function applyEntry(turn: TurnState, request: NodeRequest, entry: JournalEntry): NodeOutcome {
  Effects.replayed(turn, entry.effects).commit(request.node.id, request.iteration);
  turn.spans.push(entry.span);
  turn.emit({ type: 'node.finished', span: entry.span });
  return { kind: 'done', fired: entry.fired, outputs: entry.outputs };
}
