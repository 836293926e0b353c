import type { PlanNode } from '@switchboard/compiler';
import { ERROR_PORT, isPermanentNodeError } from '@switchboard/flow-schema';
import type { BodyEntry, NodeImplementation, NodeResult, NodeRunContext, Resumption, Suspension, Usage } from '@switchboard/flow-schema';
import { LimitError, raceAbort, sleep, toError } from './deadline.ts';
import { Effects } from './effects.ts';
import { checkpointNode, journalKey, replayNode } from './journal.ts';
import { newId } from '@switchboard/flow-schema';
import type { TurnState } from './turn-state.ts';
import type { SpanRecord } from './types.ts';

export interface NodeRequest {
  node: PlanNode;
  inputs: Record<string, unknown>;
  /** Outputs visible to expressions: upstream nodes, and the current loop item. */
  outputs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  iteration: string | undefined;
  resumed: Resumption | undefined;
  /** Inside a loop body: aborted when the loop attempt running this iteration is given up. */
  abandoned: AbortSignal | undefined;
  /** Inside one entry's body (an agent's tool call): takes this node's failure instead of the turn. */
  contain?: ((message: string) => void) | undefined;
  /** Loop nodes: runs one iteration; `signal` aborts it when this attempt of the loop is given up. */
  runBody: ((item: unknown, index: number, signal: AbortSignal, entry: string | undefined) => Promise<unknown>) | undefined;
}

export type NodeOutcome =
  | { kind: 'done'; fired: string[]; outputs: Record<string, unknown> }
  | { kind: 'suspended'; suspension: Suspension }
  | { kind: 'failed' };

function bodyEntries(turn: TurnState, node: PlanNode): BodyEntry[] {
  const itemPort = node.body?.itemPort;
  if (itemPort === undefined) return [];
  const entries: BodyEntry[] = [];
  for (const edge of node.outEdges) {
    if (edge.sourcePort !== itemPort || entries.some((entry) => entry.nodeId === edge.target)) continue;
    const target = turn.plan.nodes.get(edge.target);
    if (target) entries.push({ nodeId: target.id, nodeType: target.type, label: target.label, title: target.definition.title, description: target.definition.description });
  }
  return entries;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function';
}

/** Runs one node: config resolution, attempts with backoff inside one time budget, a span, events. */
export async function executeNode(turn: TurnState, request: NodeRequest): Promise<NodeOutcome> {
  const { node, inputs } = request;
  const recorded = turn.journal?.get(journalKey(node.id, request.iteration));
  if (recorded) return replayNode(turn, request, recorded);
  // A checkpointed node's changes are held back until its result is saved.
  const save = node.checkpoint ? turn.deps.checkpoint : undefined;
  let held: Effects | undefined;
  const startedAt = turn.deps.now();
  turn.emit({ type: 'node.started', nodeId: node.id, nodeType: node.type });
  let usage: Usage | undefined;
  let config: unknown;
  let attempt = 0;
  let result: NodeResult | undefined;
  let failure: Error | undefined;
  try {
    turn.step();
    const resolution = node.resolveConfig({ message: turn.event, nodes: request.outputs, vars: turn.vars });
    const implementation = turn.deps.implementation(node.type, node.version);
    if (!resolution.ok) throw new Error(resolution.message);
    if (!implementation) throw new Error(`no implementation of \`${node.type}\` version ${node.version} is installed on this server`);
    config = resolution.config;
    const deadline = startedAt + node.settings.timeoutMs;
    for (attempt = 1; ; attempt += 1) {
      const effects = new Effects(turn);
      try {
        result = await attemptNode(turn, request, implementation, config, effects, attempt, deadline, (value) => {
          usage = addUsage(usage, value);
        });
        // The prompt is one more reply of this node: numbered after the node's own, so keys stay unique.
        if ('suspend' in result && result.suspend.kind === 'ask' && result.suspend.prompt) effects.replies.push(result.suspend.prompt);
        if (save && !('suspend' in result)) held = effects;
        else effects.commit(node.id, request.iteration);
        failure = undefined;
        break;
      } catch (error) {
        failure = toError(error);
        if (turn.stopped || request.abandoned?.aborted || attempt > node.settings.retries || isPermanentNodeError(failure)) break;
        // The next attempt must start inside the one time budget, not at its very end.
        const wait = node.settings.retryBackoffMs * 2 ** (attempt - 1);
        if (turn.deps.now() + wait >= deadline || !(await sleep(wait, turn.signal)) || request.abandoned?.aborted) break;
      }
    }
  } catch (error) {
    failure = toError(error);
  }
  attempt = Math.max(attempt, 1);
  const input = node.dynamicConfig ? { ports: inputs, config } : { ports: inputs };
  const span = (status: SpanRecord['status'], output: unknown, error?: Error): SpanRecord => ({
    id: newId(startedAt),
    runId: turn.runId,
    nodeId: node.id,
    nodeType: node.type,
    status,
    attempt,
    iteration: request.iteration,
    input,
    output,
    error: error ? { message: error.message } : undefined,
    startedAt,
    durationMs: turn.deps.now() - startedAt,
    usage,
  });
  const finish = (record: SpanRecord): void => {
    turn.spans.push(record);
    turn.emit({ type: 'node.finished', span: record });
  };

  if (failure || !result) {
    const error = failure ?? new Error('the node returned nothing');
    if (request.abandoned?.aborted) {
      // The loop iteration this node belongs to was given up: the loop reports the failure, not this node.
      finish(span('error', undefined, error));
      return { kind: 'failed' };
    }
    const limitHit = error instanceof LimitError || turn.stopped;
    if (node.handlesErrors && !limitHit) {
      const outputs = { [ERROR_PORT]: { message: error.message, nodeId: node.id } };
      if (save) {
        const finished = { fired: [ERROR_PORT], outputs, effects: undefined, span: span('error', outputs, error) };
        return checkpointNode(turn, request, finished, save);
      }
      finish(span('error', outputs, error));
      return { kind: 'done', fired: [ERROR_PORT], outputs };
    }
    finish(span('error', undefined, error));
    if (request.contain && !limitHit) {
      request.contain(`node \`${node.id}\` failed: ${error.message}`);
      return { kind: 'failed' };
    }
    // A run limit is the run's failure, not this node's: its message says so without blaming the node.
    turn.fail(node.id, error instanceof LimitError ? error.message : `node \`${node.id}\` failed: ${error.message}`);
    return { kind: 'failed' };
  }
  if ('suspend' in result) {
    finish(span('suspended', { suspend: result.suspend }));
    return { kind: 'suspended', suspension: result.suspend };
  }
  if (save) {
    const finished = { fired: Object.keys(result.outputs), outputs: result.outputs, effects: held, span: span('ok', result.outputs) };
    return checkpointNode(turn, request, finished, save);
  }
  finish(span('ok', result.outputs));
  return { kind: 'done', fired: Object.keys(result.outputs), outputs: result.outputs };
}

async function attemptNode(
  turn: TurnState,
  request: NodeRequest,
  implementation: NodeImplementation,
  config: unknown,
  effects: Effects,
  attempt: number,
  deadline: number,
  onUsage: (usage: Usage) => void,
): Promise<NodeResult> {
  const { node } = request;
  const controller = new AbortController();
  const bodies = new Set<Promise<unknown>>();
  const context: NodeRunContext<unknown> = {
    nodeId: node.id,
    config,
    inputs: request.inputs,
    event: turn.event,
    get vars() {
      return effects.vars;
    },
    setVar: (name, value) => {
      effects.setVar(name, value);
    },
    memory: {
      read: (limit) => effects.readMemory(limit),
      append: (...turns) => {
        effects.appendMemory(turns);
      },
      clear: () => {
        effects.clearMemory();
      },
    },
    reply: (message) => {
      effects.replies.push(message);
    },
    token: (text) => {
      turn.emit({ type: 'token', nodeId: node.id, text });
    },
    usage: onUsage,
    credential: node.credentialId === undefined ? undefined : turn.deps.credential(node.credentialId),
    credentialById: (id) => (node.credentialRefs.includes(id) ? turn.deps.credential(id) : undefined),
    attempt,
    signal: controller.signal,
    resumed: request.resumed,
    runBody: (item, index, entry) => {
      if (!request.runBody) return Promise.reject(new Error('runBody is only available to loop nodes'));
      // An attempt that was given up may not start iterations: it no longer owns the loop.
      if (controller.signal.aborted) return Promise.reject(toError(controller.signal.reason));
      const iteration = request.runBody(item, index, controller.signal, entry);
      bodies.add(iteration);
      return iteration;
    },
    services: turn.services,
    get bodyEntries() {
      return bodyEntries(turn, node);
    },
  };
  const value = implementation.run(context);
  if (!isThenable(value)) return value;
  // Only asynchronous nodes pay for a timer.
  const remaining = deadline - turn.deps.now();
  const timer = setTimeout(() => {
    controller.abort(new Error(`timed out after ${node.settings.timeoutMs} ms`));
  }, Math.max(remaining, 0));
  const onRunAbort = (): void => {
    controller.abort(turn.signal.reason);
  };
  const onAbandon = (): void => {
    controller.abort(request.abandoned?.reason);
  };
  turn.signal.addEventListener('abort', onRunAbort, { once: true });
  request.abandoned?.addEventListener('abort', onAbandon, { once: true });
  try {
    return await raceAbort(Promise.resolve(value), controller.signal);
  } finally {
    clearTimeout(timer);
    turn.signal.removeEventListener('abort', onRunAbort);
    request.abandoned?.removeEventListener('abort', onAbandon);
    // Iterations of a given-up attempt are aborted; wait for them so that none outlives this node.
    if (controller.signal.aborted) await Promise.allSettled(bodies);
  }
}

/** Usage adds up over calls and attempts: a failed attempt's tokens were paid for too. */
function addUsage(total: Usage | undefined, more: Usage): Usage {
  if (!total) return more;
  const costUsd = total.costUsd === undefined && more.costUsd === undefined ? undefined : (total.costUsd ?? 0) + (more.costUsd ?? 0);
  const model = more.model ?? total.model;
  return {
    inputTokens: total.inputTokens + more.inputTokens,
    outputTokens: total.outputTokens + more.outputTokens,
    ...(model === undefined ? {} : { model }),
    ...(costUsd === undefined ? {} : { costUsd }),
  };
}
