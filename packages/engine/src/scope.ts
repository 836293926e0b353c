import type { PlanNode } from '@switchboard/compiler';
import type { FlowEdge, InboundEvent, Suspension } from '@switchboard/flow-schema';
import { toError } from './deadline.ts';
import { executeNode } from './execute-node.ts';
import type { NodeOutcome } from './execute-node.ts';
import type { TurnState } from './turn-state.ts';
import type { NodeSnapshot, WaitSnapshot } from './types.ts';

type Status = 'pending' | 'ready' | 'running' | 'done' | 'skipped' | 'suspended' | 'failed';
type EdgeState = 'live' | 'dead' | 'open';

interface LoopFrame {
  loopId: string;
  itemPort: string;
  /** Runs only the body part that starts at this node (an agent's tool); undefined runs every entry. */
  entry: string | undefined;
  iteration: string;
  /** Aborted when the loop's attempt that runs this iteration is given up (timed out or stopped). */
  signal: AbortSignal;
  /**
   * Set for the body of one entry (an agent's tool call) and the loops inside it: a node failing there
   * fails that call, which its caller hears of, not the whole turn.
   */
  containment: { failure?: string } | undefined;
}

/**
 * Schedules the nodes of one scope (the whole flow, or one iteration of a loop body): a node runs once
 * every incoming edge is resolved and at least one is live; a node whose edges are all dead is skipped,
 * and skipping propagates. Ready nodes run in parallel within the turn's parallelism.
 */
export class ScopeRun {
  private readonly status = new Map<string, Status>();
  private readonly fired = new Map<string, ReadonlySet<string>>();
  private readonly resumeEvents = new Map<string, InboundEvent>();
  private readonly waits = new Map<string, WaitSnapshot>();
  /** Outputs visible to expressions in this scope, by node id. */
  readonly outputs: Record<string, Record<string, unknown>>;
  private readonly readyQueue: string[] = [];
  private inFlight = 0;
  private finished: (() => void) | undefined;
  private readonly turn: TurnState;
  private readonly ids: readonly string[];
  private readonly parent: ScopeRun | undefined;
  private readonly loop: LoopFrame | undefined;

  constructor(turn: TurnState, ids: readonly string[], outputs: Record<string, Record<string, unknown>>, parent?: ScopeRun, loop?: LoopFrame) {
    this.turn = turn;
    this.ids = ids;
    this.outputs = outputs;
    this.parent = parent;
    this.loop = loop;
    for (const id of ids) this.status.set(id, 'pending');
  }

  /** Nothing new starts once the turn stopped, or the loop attempt running this iteration was given up. */
  private get halted(): boolean {
    return this.turn.stopped || (this.loop?.signal.aborted ?? false);
  }

  private node(id: string): PlanNode {
    const node = this.turn.plan.nodes.get(id);
    if (!node) throw new Error(`plan has no node ${id}`);
    return node;
  }

  /** Restores what a suspended run had done; the first waiting node resumes with `event`. */
  restore(snapshot: Record<string, NodeSnapshot>, resume: { nodeId: string; event: InboundEvent } | undefined): void {
    for (const [id, node] of Object.entries(snapshot)) {
      if (!this.status.has(id)) continue;
      if (node.status === 'done') {
        this.status.set(id, 'done');
        this.fired.set(id, new Set(node.fired));
        this.outputs[id] = node.outputs;
      } else if (node.status === 'suspended') {
        this.status.set(id, 'suspended');
        this.waits.set(id, waitOf(node));
      } else {
        this.status.set(id, node.status);
      }
    }
    if (resume && this.status.get(resume.nodeId) === 'suspended') {
      this.setReady(resume.nodeId);
      this.resumeEvents.set(resume.nodeId, resume.event);
    }
  }

  /** Marks nodes that will not run in this turn (the triggers not chosen). */
  skip(ids: readonly string[]): void {
    for (const id of ids) if (this.status.get(id) === 'pending') this.markSkipped(id);
  }

  start(id: string): void {
    if (this.status.get(id) === 'pending') this.setReady(id);
  }

  private setReady(id: string): void {
    this.status.set(id, 'ready');
    this.readyQueue.push(id);
  }

  snapshot(): Record<string, NodeSnapshot> {
    const nodes: Record<string, NodeSnapshot> = {};
    for (const [id, status] of this.status) {
      if (status === 'done') nodes[id] = { status, fired: [...(this.fired.get(id) ?? [])], outputs: this.outputs[id] ?? {} };
      else if (status === 'skipped') nodes[id] = { status };
      else if (status === 'suspended') nodes[id] = { status, ...(this.waits.get(id) ?? { kind: 'ask' }) };
    }
    return nodes;
  }

  /** Runs until nothing more can run: everything finished, suspended, or the turn stopped. */
  run(): Promise<void> {
    for (const id of this.ids) this.evaluate(id);
    return new Promise((resolve) => {
      this.finished = resolve;
      this.pump();
    });
  }

  private pump(): void {
    if (!this.halted) {
      for (let id = this.readyQueue.shift(); id !== undefined; id = this.readyQueue.shift()) {
        this.status.set(id, 'running');
        this.inFlight += 1;
        void this.launch(id);
      }
    }
    if (this.inFlight === 0) this.finished?.();
  }

  private async launch(id: string): Promise<void> {
    const node = this.node(id);
    const holdsSlot = node.body === undefined;
    let outcome: NodeOutcome;
    if (holdsSlot) await this.turn.acquire();
    try {
      outcome = this.halted
        ? { kind: 'failed' }
        : await executeNode(this.turn, {
            node,
            inputs: this.inputsOf(node),
            outputs: this.outputs,
            iteration: this.loop?.iteration,
            resumed: this.resumed(id),
            abandoned: this.loop?.signal,
            contain: this.loop?.containment ? this.containFailure(this.loop.containment) : undefined,
            runBody: node.body ? (item, index, signal, entry) => this.runBody(node, item, index, signal, entry) : undefined,
          });
    } catch (error) {
      this.turn.fail(id, `node \`${id}\` crashed the engine: ${error instanceof Error ? error.message : String(error)}`);
      outcome = { kind: 'failed' };
    } finally {
      if (holdsSlot) this.turn.release();
    }
    this.settle(id, outcome);
    this.inFlight -= 1;
    this.pump();
  }

  private containFailure(containment: { failure?: string }): (message: string) => void {
    return (message) => {
      containment.failure ??= message;
    };
  }

  private resumed(id: string): { event: InboundEvent } | undefined {
    const event = this.resumeEvents.get(id);
    return event ? { event } : undefined;
  }

  private settle(id: string, outcome: NodeOutcome): void {
    switch (outcome.kind) {
      case 'done':
        this.status.set(id, 'done');
        this.fired.set(id, new Set(outcome.fired));
        this.outputs[id] = outcome.outputs;
        break;
      case 'suspended': {
        this.status.set(id, 'suspended');
        const { suspension } = outcome;
        this.waits.set(id, waitOf(suspension));
        return;
      }
      case 'failed':
        this.status.set(id, 'failed');
        return;
    }
    for (const edge of this.node(id).outEdges) this.evaluate(edge.target);
  }

  private markSkipped(id: string): void {
    this.status.set(id, 'skipped');
    for (const edge of this.node(id).outEdges) this.evaluate(edge.target);
  }

  /** Decides whether a pending node in this scope can run, must be skipped, or still waits. */
  private evaluate(id: string): void {
    if (this.status.get(id) !== 'pending') return;
    let live = false;
    for (const edge of this.incoming(id)) {
      const state = this.edgeState(edge);
      if (state === 'open') return;
      if (state === 'live') live = true;
    }
    if (live) this.setReady(id);
    else if (this.incoming(id).length > 0) this.markSkipped(id);
  }

  /** Edges that feed a node's run; a loop's return edges belong to its body instead. */
  private incoming(id: string): readonly FlowEdge[] {
    const node = this.node(id);
    const returnPort = node.body?.returnPort;
    return returnPort === undefined ? node.inEdges : node.inEdges.filter((edge) => edge.targetPort !== returnPort);
  }

  edgeState(edge: FlowEdge): EdgeState {
    const status = this.status.get(edge.source);
    if (status === undefined) {
      if (this.loop && edge.source === this.loop.loopId) {
        return edge.sourcePort === this.loop.itemPort && (this.loop.entry === undefined || edge.target === this.loop.entry) ? 'live' : 'dead';
      }
      return this.parent ? this.parent.edgeState(edge) : 'dead';
    }
    if (status === 'done') return this.fired.get(edge.source)?.has(edge.sourcePort) ? 'live' : 'dead';
    if (status === 'skipped' || status === 'failed') return 'dead';
    return 'open';
  }

  private valueOf(edge: FlowEdge): unknown {
    return this.outputs[edge.source]?.[edge.sourcePort];
  }

  private inputsOf(node: PlanNode): Record<string, unknown> {
    const inputs: Record<string, unknown> = {};
    for (const edge of this.incoming(node.id)) {
      if (this.edgeState(edge) !== 'live') continue;
      const value = this.valueOf(edge);
      if (node.definition.inputs[edge.targetPort]?.multiple) {
        const list = inputs[edge.targetPort];
        if (Array.isArray(list)) list.push(value);
        else inputs[edge.targetPort] = [value];
      } else {
        inputs[edge.targetPort] = value;
      }
    }
    return inputs;
  }

  /**
   * One iteration of a loop body, in a scope of its own; returns what reaches the loop's return port,
   * or, when nothing does and an `entry` was chosen, that entry node's outputs.
   */
  private async runBody(loop: PlanNode, item: unknown, index: number, signal: AbortSignal, entry: string | undefined): Promise<unknown> {
    const body = loop.body;
    if (!body) throw new Error(`node ${loop.id} is not a loop`);
    if (entry !== undefined && !loop.outEdges.some((edge) => edge.sourcePort === body.itemPort && edge.target === entry)) {
      throw new Error(`node \`${entry}\` is not connected to \`${loop.id}.${body.itemPort}\``);
    }
    const iteration = `${this.loop ? `${this.loop.iteration}/` : ''}${loop.id}#${index}`;
    const outputs = { ...this.outputs, [loop.id]: { [body.itemPort]: item, index } };
    const containment = entry === undefined ? this.loop?.containment : {};
    const scope = new ScopeRun(this.turn, body.nodeIds, outputs, this, { loopId: loop.id, itemPort: body.itemPort, entry, iteration, signal, containment });
    await scope.run();
    if (this.turn.failure) throw new Error(this.turn.failure.message);
    if (containment?.failure !== undefined) throw new Error(containment.failure);
    if (signal.aborted) throw toError(signal.reason);
    if (Array.from(scope.status.values()).includes('suspended')) {
      throw new Error(`a node inside loop \`${loop.id}\` tried to wait; waiting is not possible inside loops`);
    }
    const returned = loop.inEdges.find((edge) => edge.targetPort === body.returnPort && scope.edgeState(edge) === 'live');
    if (returned) return scope.valueOf(returned);
    return entry === undefined ? undefined : scope.outputs[entry];
  }
}

/** What a suspended node waits for, without anything else it carries (an ask's prompt). */
function waitOf(wait: WaitSnapshot | Suspension): WaitSnapshot {
  if (wait.kind === 'delay') return { kind: 'delay', until: wait.until };
  return wait.until === undefined ? { kind: 'ask' } : { kind: 'ask', until: wait.until };
}
