import { compileFlow } from '@switchboard/compiler';
import { emptyConversationState, runTurn } from '@switchboard/engine';
import type { ConversationState, EngineEvent, TurnOutcome } from '@switchboard/engine';
import { FLOW_SCHEMA_VERSION } from '@switchboard/flow-schema';
import type { FlowDocument, FlowEdge, FlowNode, InboundEvent, NodeServices } from '@switchboard/flow-schema';
import { nodeRegistry } from '../definitions.ts';
import { findImplementation } from '../server.ts';

/** A node of a test flow: `type` is a real node type, `config` as an operator would save it. */
export interface TestNode {
  id: string;
  type: string;
  label?: string;
  config?: Record<string, unknown>;
  credentialId?: string;
}

/** A flow of real nodes; `edges` are written `source.port -> target.port`. */
export function testFlow(nodes: readonly TestNode[], edges: readonly string[]): FlowDocument {
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    name: 'test flow',
    nodes: nodes.map(
      (node): FlowNode => ({
        id: node.id,
        type: node.type,
        typeVersion: 1,
        config: node.config ?? {},
        position: { x: 0, y: 0 },
        ...(node.label === undefined ? {} : { label: node.label }),
        ...(node.credentialId === undefined ? {} : { credentialId: node.credentialId }),
      }),
    ),
    edges: edges.map((text, index): FlowEdge => {
      const [, source, sourcePort, target, targetPort] = /^\s*([\w-]+)\.([\w-]+)\s*->\s*([\w-]+)\.([\w-]+)\s*$/.exec(text) ?? [];
      if (source === undefined || sourcePort === undefined || target === undefined || targetPort === undefined) throw new Error(`cannot read edge "${text}"`);
      return { id: `e${index + 1}`, source, sourcePort, target, targetPort };
    }),
  };
}

export interface FlowRunOptions {
  text?: string;
  event?: Partial<InboundEvent>;
  state?: ConversationState;
  credentials?: Record<string, Record<string, string>>;
  services?: NodeServices;
}

/**
 * Compiles a flow of real nodes and runs one turn on the real engine, in memory: what the runtime
 * does minus storage. For nodes whose behaviour needs the graph (an agent's tools, loops).
 */
export async function runTestFlow(doc: FlowDocument, options: FlowRunOptions = {}): Promise<{ outcome: TurnOutcome; events: EngineEvent[] }> {
  const compiled = compileFlow(doc, nodeRegistry);
  if (!compiled.ok) throw new Error(`the test flow does not compile:\n${compiled.problems.map((problem) => problem.message).join('\n')}`);
  const events: EngineEvent[] = [];
  const credentials = options.credentials ?? {};
  const outcome = await runTurn(
    {
      runId: 'test-run',
      plan: compiled.plan,
      event: { kind: 'message', text: options.text ?? '', channel: 'api', receivedAt: new Date().toISOString(), ...options.event },
      state: options.state ?? emptyConversationState(),
      onEvent: (event) => events.push(event),
    },
    { implementation: findImplementation, credential: (id) => credentials[id], now: () => Date.now(), ...(options.services ? { services: options.services } : {}) },
  );
  return { outcome, events };
}
