import { chooseTrigger } from '@switchboard/compiler';
import { ScopeRun } from './scope.ts';
import { TurnState } from './turn-state.ts';
import { DEFAULT_LIMITS } from './types.ts';
import type { ConversationState, EngineDeps, TurnInput, TurnOutcome, WaitingPoint } from './types.ts';

/**
 * Runs one turn of a compiled flow: from the trigger matching the event, or from the node the
 * conversation waits at. Touches no storage: the caller persists the outcome (spans, replies, state).
 */
export async function runTurn(input: TurnInput, deps: EngineDeps): Promise<TurnOutcome> {
  const { plan, event, state, runId } = input;
  const limits = { ...DEFAULT_LIMITS, ...input.limits };
  const startedAt = deps.now();
  const turn = new TurnState({
    runId,
    plan,
    event,
    deps,
    limits,
    journal: input.journal,
    vars: { ...state.vars },
    memory: state.memory.slice(),
    onEvent: input.onEvent,
  });
  const root = new ScopeRun(turn, plan.rootIds, {});
  const waiting = state.waiting;
  if (waiting) {
    // An ask takes the next message, or a timer once its time-out is due; a delay only its timer.
    const resumes = waiting.kind === 'ask' ? event.kind !== 'timer' || waiting.resumeAt !== undefined : event.kind === 'timer';
    if (!resumes) throw new Error(`a conversation waiting on ${waiting.kind === 'ask' ? 'an answer' : 'a timer'} cannot resume with a ${event.kind} event`);
    const [first] = waiting.nodeIds;
    root.restore(waiting.snapshot.nodes, first === undefined ? undefined : { nodeId: first, event });
  } else {
    const chosen = chooseTrigger(plan, event.kind, event.channel);
    if (chosen === undefined) {
      return failedBeforeStart(input, startedAt, deps.now(), `this flow has no trigger for ${event.kind} events from ${event.channel}: add one (a chat trigger takes messages from any channel)`);
    }
    root.start(chosen);
    root.skip([...plan.triggers.values()].flat().filter((id) => id !== chosen));
  }

  const timer = setTimeout(() => {
    turn.fail(undefined, `the run exceeded its time limit of ${limits.timeLimitMs} ms`);
  }, limits.timeLimitMs);
  try {
    await root.run();
  } finally {
    clearTimeout(timer);
  }

  const base = { runId, spans: turn.spans, replies: turn.replies, steps: turn.steps, startedAt, finishedAt: deps.now() };
  if (turn.failure) {
    // A failed turn leaves variables and memory as they were, and stops any wait.
    return { ...base, status: 'failed', error: turn.failure, state: { vars: state.vars, memory: state.memory } };
  }
  const snapshot = root.snapshot();
  const stillWaiting = Object.entries(snapshot)
    .filter(([, node]) => node.status === 'suspended')
    .map(([id]) => id);
  if (stillWaiting.length === 0) {
    return { ...base, status: 'completed', error: undefined, state: { vars: turn.vars, memory: turn.memory } };
  }
  // Nodes that were already waiting keep their place ahead of the ones that suspended this turn.
  const earlier = (waiting?.nodeIds ?? []).filter((id) => stillWaiting.includes(id));
  const nodeIds = [...earlier, ...stillWaiting.filter((id) => !earlier.includes(id))];
  // The conversation waits for what the first waiting node waits for, whichever turn it suspended in.
  const first = snapshot[nodeIds[0] ?? ''];
  const wait =
    first?.status === 'suspended' && first.kind === 'delay'
      ? { kind: 'delay' as const, resumeAt: first.until }
      : first?.status === 'suspended' && first.until !== undefined
        ? { kind: 'ask' as const, resumeAt: first.until }
        : { kind: 'ask' as const };
  const point: WaitingPoint = { runId, ...wait, nodeIds, snapshot: { nodes: snapshot } };
  const next: ConversationState = { vars: turn.vars, memory: turn.memory, waiting: point };
  return { ...base, status: 'waiting', error: undefined, state: next };
}

function failedBeforeStart(input: TurnInput, startedAt: number, finishedAt: number, message: string): TurnOutcome {
  return {
    runId: input.runId,
    status: 'failed',
    error: { message },
    spans: [],
    replies: [],
    state: { vars: input.state.vars, memory: input.state.memory },
    steps: 0,
    startedAt,
    finishedAt,
  };
}

export type { EngineDeps };
