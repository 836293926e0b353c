import { ERROR_PORT, canConnect, credentialRefsOf } from '@switchboard/flow-schema';
import type { FlowDocument, FlowEdge, NodeRegistry, NodeSettings, PortSpec } from '@switchboard/flow-schema';
import { prepareConfig } from './config.ts';
import type { PreparedConfig } from './config.ts';
import { resolveDefinition } from './definitions.ts';
import type { ResolvedNode } from './definitions.ts';
import { Graph, ancestors, findCycle, reachable, topologicalOrder } from './graph.ts';
import { triggerKey } from './plan.ts';
import type { CompileProblem, CompileResult, ExecutionPlan, PlanNode } from './plan.ts';

export const DEFAULT_SETTINGS: Required<NodeSettings> = { retries: 0, retryBackoffMs: 500, timeoutMs: 30_000 };

export interface CompileOptions {
  /** Ids of stored credentials; when given, references to others are reported. */
  credentialIds?: ReadonlySet<string>;
}

interface Prepared extends ResolvedNode {
  outputs: Record<string, PortSpec>;
  prepared: PreparedConfig;
}

/**
 * Turns a flow document into an execution plan, or lists every problem found, each naming the node,
 * the field and what to do. Pure and browser-safe: the editor calls it for live validation.
 */
export function compileFlow(doc: FlowDocument, registry: NodeRegistry, options: CompileOptions = {}): CompileResult {
  const problems: CompileProblem[] = [];
  const nodes = new Map<string, Prepared>();
  const seen = new Set<string>();
  for (const node of doc.nodes) {
    if (seen.has(node.id)) {
      problems.push({ nodeId: node.id, message: `node id \`${node.id}\` is used twice; rename one of the nodes` });
      continue;
    }
    seen.add(node.id);
    const resolved = resolveDefinition(node, registry, problems);
    if (!resolved) continue;
    const prepared = prepareConfig(node.id, resolved.definition.config, resolved.config, problems);
    // Ports may depend on config (a switch's cases); expressions elsewhere in it do not change them.
    const outputsFor = resolved.definition.outputsFor;
    const parsedRaw = outputsFor ? resolved.definition.config.safeParse(resolved.config) : undefined;
    const outputs = outputsFor && parsedRaw?.success ? outputsFor(parsedRaw.data) : resolved.definition.outputs;
    nodes.set(node.id, { ...resolved, outputs, prepared });
    const credential = resolved.definition.credential;
    if (credential && !credential.optional && !node.credentialId) {
      problems.push({ nodeId: node.id, field: 'credential', message: `node \`${node.id}\` needs a credential of type \`${credential.type}\`: choose one` });
    }
    if (node.credentialId && options.credentialIds && !options.credentialIds.has(node.credentialId)) {
      problems.push({ nodeId: node.id, field: 'credential', message: `node \`${node.id}\`: credential \`${node.credentialId}\` does not exist; choose another` });
    }
    for (const ref of credentialRefsOf({ config: node.config })) {
      if (options.credentialIds && !options.credentialIds.has(ref)) {
        problems.push({ nodeId: node.id, message: `node \`${node.id}\`: its settings name credential \`${ref}\`, which does not exist; choose another` });
      }
    }
  }
  if (nodes.size < doc.nodes.length) return { ok: false, problems };

  const edges = checkEdges(doc.edges, nodes, problems);
  // Reachability counts every edge between existing nodes, so that one bad edge is reported once,
  // not again as "unreachable" for everything behind it.
  const connected = new Graph(
    doc.nodes.map((node) => node.id),
    doc.edges.filter((edge) => nodes.has(edge.source) && nodes.has(edge.target)),
  );
  const graph = new Graph(
    doc.nodes.map((node) => node.id),
    edges,
  );
  checkRequiredInputs(graph, nodes, problems);

  const isReturnEdge = (edge: FlowEdge): boolean => nodes.get(edge.target)?.definition.loop?.returnPort === edge.targetPort;
  const forward = (edge: FlowEdge): boolean => !isReturnEdge(edge);
  const cycle = findCycle(graph, forward);
  if (cycle) {
    problems.push({ nodeId: cycle[0], message: `cycle outside a loop node: ${cycle.join(' → ')}; use a loop node to repeat steps` });
    return { ok: false, problems };
  }

  const triggers = new Map<string, string[]>();
  for (const [id, node] of nodes) {
    const trigger = node.definition.trigger;
    if (!trigger) continue;
    for (const event of trigger.events) {
      for (const key of trigger.channels?.map((channel) => triggerKey(event, channel)) ?? [event]) triggers.set(key, [...(triggers.get(key) ?? []), id]);
    }
  }
  if (triggers.size === 0) problems.push({ message: 'the flow has no trigger: add a trigger node (for example a chat trigger) where runs start' });
  const triggerIds = [...nodes].filter(([, node]) => node.definition.trigger).map(([id]) => id);
  const live = reachable(connected, triggerIds, () => true);
  for (const id of nodes.keys()) {
    if (!live.has(id)) problems.push({ nodeId: id, message: `node \`${id}\` is not reachable from a trigger: connect it or delete it` });
  }

  const loopOf = assignLoops(graph, nodes, forward, problems);
  const order = topologicalOrder(graph, graph.ids, forward);
  const above = ancestors(graph, order, forward);
  checkLoopInputs(graph, loopOf, above, problems);
  checkReferences(nodes, loopOf, above, problems);
  if (problems.length > 0) return { ok: false, problems };

  const planNodes = new Map<string, PlanNode>();
  for (const node of doc.nodes) {
    const prepared = nodes.get(node.id);
    if (!prepared) continue;
    const loop = prepared.definition.loop;
    planNodes.set(node.id, {
      id: node.id,
      type: prepared.definition.type,
      version: prepared.definition.version,
      definition: prepared.definition,
      outputs: prepared.outputs,
      resolveConfig: prepared.prepared.resolve,
      dynamicConfig: prepared.prepared.templates.length > 0,
      settings: { ...DEFAULT_SETTINGS, ...prepared.definition.defaults, ...node.settings },
      credentialId: node.credentialId,
      credentialRefs: credentialRefsOf(node),
      label: node.label,
      inEdges: graph.in(node.id),
      outEdges: graph.out(node.id),
      handlesErrors: graph.out(node.id).some((edge) => edge.sourcePort === ERROR_PORT),
      checkpoint: prepared.definition.checkpoint ?? false,
      body: loop ? { nodeIds: order.filter((id) => loopOf.get(id) === node.id), itemPort: loop.itemPort, returnPort: loop.returnPort } : undefined,
      loopId: loopOf.get(node.id),
    });
  }
  const plan: ExecutionPlan = {
    name: doc.name,
    nodes: planNodes,
    rootIds: order.filter((id) => !loopOf.has(id)),
    triggers,
  };
  return { ok: true, plan };
}

function checkEdges(edges: readonly FlowEdge[], nodes: ReadonlyMap<string, Prepared>, problems: CompileProblem[]): FlowEdge[] {
  const valid: FlowEdge[] = [];
  const fanIn = new Map<string, number>();
  for (const edge of edges) {
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source || !target) {
      const missing = source ? edge.target : edge.source;
      problems.push({ edgeId: edge.id, message: `edge \`${edge.id}\` points at node \`${missing}\`, which does not exist; delete the edge or connect it to an existing node` });
      continue;
    }
    if (target.definition.trigger) {
      problems.push({ nodeId: edge.target, edgeId: edge.id, message: `node \`${edge.target}\` is a trigger and cannot have incoming edges; delete edge \`${edge.id}\`` });
      continue;
    }
    const output = edge.sourcePort === ERROR_PORT ? { type: 'object' as const } : source.outputs[edge.sourcePort];
    if (!output) {
      problems.push({
        nodeId: edge.source,
        edgeId: edge.id,
        message: `node \`${edge.source}\` has no output \`${edge.sourcePort}\` (it has ${listPorts(source.outputs)})`,
      });
      continue;
    }
    const input = target.definition.inputs[edge.targetPort];
    if (!input) {
      problems.push({
        nodeId: edge.target,
        edgeId: edge.id,
        message: `node \`${edge.target}\` has no input \`${edge.targetPort}\` (it has ${listPorts(target.definition.inputs)})`,
      });
      continue;
    }
    if (!canConnect(output.type, input.type)) {
      problems.push({
        nodeId: edge.target,
        edgeId: edge.id,
        message: `node \`${edge.target}\`: input \`${edge.targetPort}\` takes ${input.type}, but \`${edge.source}.${edge.sourcePort}\` gives ${output.type}; connect an output of a matching type`,
      });
      continue;
    }
    const key = `${edge.target}\u0000${edge.targetPort}`;
    const count = (fanIn.get(key) ?? 0) + 1;
    fanIn.set(key, count);
    const isReturn = target.definition.loop?.returnPort === edge.targetPort;
    if (count > 1 && !input.multiple && !isReturn) {
      problems.push({
        nodeId: edge.target,
        edgeId: edge.id,
        message: `node \`${edge.target}\`: input \`${edge.targetPort}\` takes one connection; put a merge node in front of it`,
      });
      continue;
    }
    valid.push(edge);
  }
  return valid;
}

function listPorts(ports: Readonly<Record<string, unknown>>): string {
  const names = Object.keys(ports);
  return names.length > 0 ? names.map((name) => `\`${name}\``).join(', ') : 'none';
}

function checkRequiredInputs(graph: Graph, nodes: ReadonlyMap<string, Prepared>, problems: CompileProblem[]): void {
  for (const [id, node] of nodes) {
    for (const [port, spec] of Object.entries(node.definition.inputs)) {
      if (spec.required && !graph.in(id).some((edge) => edge.targetPort === port)) {
        problems.push({ nodeId: id, field: port, message: `node \`${id}\`: input \`${port}\` is not connected; connect an edge to it` });
      }
    }
  }
}

/** Works out which loop body each node belongs to (the innermost), and checks body boundaries. */
function assignLoops(
  graph: Graph,
  nodes: ReadonlyMap<string, Prepared>,
  forward: (edge: FlowEdge) => boolean,
  problems: CompileProblem[],
): Map<string, string> {
  const bodies = new Map<string, Set<string>>();
  // Return edges end an iteration: following one (into this loop or an enclosing one) would wrongly
  // count the enclosing loop's next iteration as part of, or as after, this loop.
  const within = (id: string) => (edge: FlowEdge) => edge.target !== id && forward(edge);
  for (const [id, node] of nodes) {
    const loop = node.definition.loop;
    if (!loop) continue;
    const follow = within(id);
    const entries = graph
      .out(id)
      .filter((edge) => edge.sourcePort === loop.itemPort && follow(edge))
      .map((edge) => edge.target);
    const body = reachable(graph, entries, follow);
    body.delete(id);
    bodies.set(id, body);
    const after = reachable(
      graph,
      graph
        .out(id)
        .filter((edge) => edge.sourcePort !== loop.itemPort && follow(edge))
        .map((edge) => edge.target),
      follow,
    );
    for (const inside of body) {
      if (after.has(inside)) {
        problems.push({
          nodeId: inside,
          message: `node \`${inside}\` is both inside loop \`${id}\` and after it: send the body's result to \`${id}.${loop.returnPort}\` and continue from the loop's other outputs`,
        });
      }
    }
    for (const edge of graph.in(id)) {
      if (edge.targetPort === loop.returnPort && !body.has(edge.source)) {
        problems.push({ nodeId: id, edgeId: edge.id, message: `loop \`${id}\`: input \`${loop.returnPort}\` must come from a node inside its body, not \`${edge.source}\`` });
      }
    }
  }
  const loopOf = new Map<string, string>();
  for (const [loopId, body] of bodies) {
    for (const id of body) {
      const current = loopOf.get(id);
      // Nested bodies are subsets of their outer body: the smallest body is the innermost loop.
      if (current === undefined || (bodies.get(current)?.size ?? Infinity) > body.size) loopOf.set(id, loopId);
    }
  }
  for (const [id, loopId] of loopOf) {
    if (nodes.get(id)?.definition.suspends) {
      problems.push({ nodeId: id, message: `node \`${id}\` waits for the user or a timer and cannot run inside loop \`${loopId}\`; move it out of the loop` });
    }
  }
  return loopOf;
}

/** A body node may read from outside its loop only what has finished before the loop starts. */
function checkLoopInputs(graph: Graph, loopOf: ReadonlyMap<string, string>, above: ReadonlyMap<string, Set<string>>, problems: CompileProblem[]): void {
  for (const [id, loopId] of loopOf) {
    for (const edge of graph.in(id)) {
      if (edge.source === loopId || loopOf.get(edge.source) === loopId) continue;
      if (!above.get(loopId)?.has(edge.source) && !isInside(edge.source, loopId, loopOf)) {
        problems.push({ nodeId: id, edgeId: edge.id, message: `node \`${id}\` inside loop \`${loopId}\` reads \`${edge.source}\`, which does not run before the loop; connect \`${edge.source}\` upstream of the loop` });
      }
    }
  }
}

function isInside(id: string, loopId: string, loopOf: ReadonlyMap<string, string>): boolean {
  for (let current = loopOf.get(id); current !== undefined; current = loopOf.get(current)) if (current === loopId) return true;
  return false;
}

function checkReferences(nodes: ReadonlyMap<string, Prepared>, loopOf: ReadonlyMap<string, string>, above: ReadonlyMap<string, Set<string>>, problems: CompileProblem[]): void {
  for (const [id, node] of nodes) {
    for (const { field, reference } of node.prepared.references) {
      if (reference.root !== 'nodes') continue;
      const [target, port] = reference.path;
      if (target === undefined) continue;
      const referenced = nodes.get(target);
      if (!referenced) {
        problems.push({ nodeId: id, field, message: `node \`${id}\`: field \`${field}\`: expression refers to \`${target}\`, which is not a node in this flow; check the node id` });
        continue;
      }
      if (!above.get(id)?.has(target)) {
        problems.push({ nodeId: id, field, message: `node \`${id}\`: field \`${field}\`: expression refers to \`${target}\`, which does not run before this node; connect \`${target}\` upstream of \`${id}\` or refer to a node that does` });
        continue;
      }
      const insideLoop = referenced.definition.loop !== undefined && isInside(id, target, loopOf);
      if (port !== undefined && !insideLoop && port !== ERROR_PORT && !(port in referenced.outputs)) {
        problems.push({
          nodeId: id,
          field,
          message: `node \`${id}\`: field \`${field}\`: \`${target}\` has no output \`${port}\` (it has ${listPorts(referenced.outputs)})`,
        });
      }
    }
  }
}
