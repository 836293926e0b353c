// Builds flows from a compact description, compiles them against the fixture nodes and runs turns.
import { compileFlow } from '@switchboard/compiler';
import type { ExecutionPlan } from '@switchboard/compiler';
import { FLOW_SCHEMA_VERSION } from '@switchboard/flow-schema';
import type { FlowDocument, FlowEdge, FlowNode, InboundEvent, NodeSettings } from '@switchboard/flow-schema';
import { runTurn } from '../turn.ts';
import { emptyConversationState } from '../types.ts';
import type { ConversationState, EngineDeps, EngineEvent, JournalEntry, RunLimits, SpanRecord, TurnOutcome } from '../types.ts';
import { fixtureImplementation, fixtureRegistry } from './fixture-nodes.ts';

export interface NodeSpec {
  id: string;
  /** A fixture type; `emit` is short for `test.emit`. */
  type: string;
  config?: Record<string, unknown>;
  settings?: NodeSettings;
  credentialId?: string;
  label?: string;
}

/** `edges` are written `source.port -> target.port`. */
export function flow(nodes: readonly NodeSpec[], edges: readonly string[]): FlowDocument {
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    name: 'test flow',
    nodes: nodes.map(
      (spec): FlowNode => ({
        id: spec.id,
        type: spec.type.includes('.') ? spec.type : `test.${spec.type}`,
        typeVersion: 1,
        config: spec.config ?? {},
        position: { x: 0, y: 0 },
        ...(spec.settings ? { settings: spec.settings } : {}),
        ...(spec.credentialId === undefined ? {} : { credentialId: spec.credentialId }),
        ...(spec.label === undefined ? {} : { label: spec.label }),
      }),
    ),
    edges: edges.map((text, index) => parseEdge(text, `e${index + 1}`)),
  };
}

function parseEdge(text: string, id: string): FlowEdge {
  const match = /^\s*([\w-]+)\.([\w-]+)\s*->\s*([\w-]+)\.([\w-]+)\s*$/.exec(text);
  const [, source, sourcePort, target, targetPort] = match ?? [];
  if (source === undefined || sourcePort === undefined || target === undefined || targetPort === undefined) {
    throw new Error(`cannot read edge "${text}": write it as a.port -> b.port`);
  }
  return { id, source, sourcePort, target, targetPort };
}

/** Compiles against the fixture registry; a flow that does not compile fails the test with its problems. */
export function compile(doc: FlowDocument): ExecutionPlan {
  const result = compileFlow(doc, fixtureRegistry);
  if (!result.ok) throw new Error(`the test flow does not compile:\n${result.problems.map((problem) => problem.message).join('\n')}`);
  return result.plan;
}

export function message(text: string, fields: Partial<InboundEvent> = {}): InboundEvent {
  return { kind: 'message', text, channel: 'api', receivedAt: '2025-01-01T00:00:00.000Z', ...fields };
}

export function timerEvent(): InboundEvent {
  return { kind: 'timer', text: '', channel: 'timer', receivedAt: '2025-01-01T00:01:00.000Z' };
}

export interface TurnOptions {
  event?: InboundEvent;
  state?: ConversationState;
  limits?: Partial<RunLimits>;
  runId?: string;
  credentials?: Record<string, Record<string, string>>;
  /** Saves the results of checkpointed nodes; without it nothing is saved. */
  checkpoint?: (entry: JournalEntry) => Promise<void>;
  /** Results saved by an earlier execution of the same run, replayed instead of run. */
  journal?: ReadonlyMap<string, JournalEntry>;
}

export interface TurnRun {
  outcome: TurnOutcome;
  /** Every event the engine emitted, in order. */
  events: EngineEvent[];
}

let runs = 0;

/** Runs one turn with real timers. */
export async function turn(plan: ExecutionPlan, options: TurnOptions = {}): Promise<TurnRun> {
  const events: EngineEvent[] = [];
  const credentials = options.credentials ?? {};
  const deps: EngineDeps = {
    implementation: fixtureImplementation,
    credential: (id) => credentials[id],
    now: () => Date.now(),
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
  };
  runs += 1;
  const outcome = await runTurn(
    {
      runId: options.runId ?? `run-${runs}`,
      plan,
      event: options.event ?? message('hello'),
      state: options.state ?? emptyConversationState(),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.journal ? { journal: options.journal } : {}),
      onEvent: (event) => events.push(event),
    },
    deps,
  );
  return { outcome, events };
}

/** Compiles `doc` and runs one turn of it. */
export function runFlow(doc: FlowDocument, options: TurnOptions = {}): Promise<TurnRun> {
  return turn(compile(doc), options);
}

/** The spans of `nodeId`, in the order they finished. */
export function spansOf(outcome: TurnOutcome, nodeId: string): SpanRecord[] {
  return outcome.spans.filter((span) => span.nodeId === nodeId);
}

/** The one span of `nodeId`; fails when it ran zero or several times. */
export function spanOf(outcome: TurnOutcome, nodeId: string): SpanRecord {
  const found = spansOf(outcome, nodeId);
  const [only] = found;
  if (only === undefined || found.length > 1) throw new Error(`expected one span of ${nodeId}, found ${found.length}`);
  return only;
}

/** Ids of the nodes that produced a span, in the order they finished. */
export function ranIds(outcome: TurnOutcome): string[] {
  return outcome.spans.map((span) => span.nodeId);
}

export function replyTexts(outcome: TurnOutcome): string[] {
  return outcome.replies.map((reply) => reply.text);
}

/** An engine event as one short string, for asserting the order of events. */
export function label(event: EngineEvent): string {
  switch (event.type) {
    case 'node.started':
      return `started:${event.nodeId}`;
    case 'node.finished':
      return `finished:${event.span.nodeId}`;
    case 'reply':
      return `reply:${event.reply.text}`;
    case 'token':
      return `token:${event.text}`;
  }
}
