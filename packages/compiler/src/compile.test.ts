import { createRegistry, defineNode, FLOW_SCHEMA_VERSION } from '@switchboard/flow-schema';
import type { FlowDocument, FlowEdge, FlowNode, NodeDefinition } from '@switchboard/flow-schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileFlow } from './compile.ts';
import { chooseTrigger } from './plan.ts';
import type { CompileOptions } from './compile.ts';
import type { CompileProblem, ExecutionPlan } from './plan.ts';

// Definitions only: the compiler never runs a node.
const anyPort = { type: 'any' } as const;
const base = { version: 1, title: 'T', description: 'test node', category: 'Test' };

const start = defineNode({
  ...base,
  type: 't.start',
  kind: 'trigger',
  inputs: {},
  outputs: { text: { type: 'text' }, event: { type: 'object' } },
  config: z.object({}),
  trigger: { events: ['message'] },
});
const hook = defineNode({
  ...base,
  type: 't.hook',
  kind: 'trigger',
  // A trigger with an input port, so that an edge into it is otherwise well formed.
  inputs: { in: anyPort },
  outputs: { body: { type: 'object' } },
  config: z.object({}),
  trigger: { events: ['webhook'] },
});
const telegram = defineNode({
  ...base,
  type: 't.telegram',
  kind: 'trigger',
  inputs: {},
  outputs: { text: { type: 'text' } },
  config: z.object({}),
  trigger: { events: ['message'], channels: ['telegram'] },
});
const text = defineNode({
  ...base,
  type: 't.text',
  kind: 'action',
  inputs: { in: { type: 'text' } },
  outputs: { out: { type: 'text' } },
  config: z.object({ text: z.string().default('') }),
});
const object = defineNode({
  ...base,
  type: 't.object',
  kind: 'action',
  inputs: { in: anyPort },
  outputs: { out: { type: 'object' } },
  config: z.object({}),
});
const count = defineNode({
  ...base,
  type: 't.count',
  kind: 'action',
  inputs: { in: anyPort },
  outputs: { out: { type: 'number' } },
  config: z.object({ count: z.number().int().min(1), label: z.string().optional() }),
});
const numeric = defineNode({
  ...base,
  type: 't.number',
  kind: 'action',
  inputs: { in: { type: 'number' } },
  outputs: { out: { type: 'number' } },
  config: z.object({}),
});
const needs = defineNode({
  ...base,
  type: 't.needs',
  kind: 'action',
  inputs: { in: { type: 'any', required: true } },
  outputs: { out: anyPort },
  config: z.object({}),
});
const pass = defineNode({
  ...base,
  type: 't.pass',
  kind: 'action',
  inputs: { in: anyPort },
  outputs: { out: anyPort },
  config: z.object({ note: z.string().optional() }),
});
const paid = defineNode({
  ...base,
  type: 't.paid',
  kind: 'model',
  inputs: { in: anyPort },
  outputs: { out: anyPort },
  config: z.object({}),
  checkpoint: true,
});
const branch = defineNode({
  ...base,
  type: 't.branch',
  kind: 'logic',
  inputs: { in: anyPort },
  outputs: { yes: anyPort, no: anyPort },
  config: z.object({}),
});
const merge = defineNode({
  ...base,
  type: 't.merge',
  kind: 'logic',
  inputs: { items: { type: 'any', multiple: true } },
  outputs: { out: { type: 'list' } },
  config: z.object({}),
});
const loop = defineNode({
  ...base,
  type: 't.loop',
  kind: 'logic',
  inputs: { items: anyPort, next: anyPort },
  outputs: { item: anyPort, done: { type: 'list' } },
  config: z.object({}),
  loop: { itemPort: 'item', returnPort: 'next' },
});
const ask = defineNode({
  ...base,
  type: 't.ask',
  kind: 'conversation',
  inputs: { in: anyPort },
  outputs: { answer: { type: 'text' } },
  config: z.object({ prompt: z.string() }),
  suspends: true,
});
const secure = defineNode({
  ...base,
  type: 't.secure',
  kind: 'model',
  inputs: { in: anyPort },
  outputs: { out: anyPort },
  config: z.object({}),
  credential: { type: 'acme-api' },
});
const optionalSecret = defineNode({
  ...base,
  type: 't.maybe-secure',
  kind: 'model',
  inputs: { in: anyPort },
  outputs: { out: anyPort },
  config: z.object({}),
  credential: { type: 'acme-api', optional: true },
});
const switchNode = defineNode({
  ...base,
  type: 't.switch',
  kind: 'logic',
  inputs: { in: anyPort },
  outputs: { fallback: anyPort },
  config: z.object({ cases: z.array(z.string()) }),
  outputsFor: (config) => Object.fromEntries([...config.cases, 'fallback'].map((name) => [name, anyPort])),
});
// Version 3 of a node whose config was `{ text }` in v1, `{ greeting }` in v2 and gained `punctuation` in v3.
const greetV3 = defineNode({
  ...base,
  type: 't.greet',
  version: 3,
  kind: 'action',
  inputs: { in: anyPort },
  outputs: { out: { type: 'text' } },
  config: z.object({ greeting: z.string(), punctuation: z.string() }),
  migrations: {
    1: (config) => ({ greeting: config.text }),
    2: (config) => ({ ...config, punctuation: '!' }),
  },
});
// Still registered at version 1 next to version 2: nodes saved at v1 keep running on v1.
const echoV1 = defineNode({ ...base, type: 't.echo', kind: 'action', inputs: { in: anyPort }, outputs: { out: anyPort }, config: z.object({ v1: z.string() }) });
const echoV2 = defineNode({ ...base, type: 't.echo', version: 2, kind: 'action', inputs: { in: anyPort }, outputs: { out: anyPort }, config: z.object({ v2: z.string() }) });
// Version 3 with no migration from version 1.
const legacy = defineNode({
  ...base,
  type: 't.legacy',
  version: 3,
  kind: 'action',
  inputs: { in: anyPort },
  outputs: { out: anyPort },
  config: z.object({}),
  migrations: { 2: (config) => config },
});

const definitions: NodeDefinition[] = [start, hook, telegram, text, object, count, numeric, needs, pass, paid, branch, merge, loop, ask, secure, optionalSecret, switchNode, greetV3, echoV1, echoV2, legacy];
const registry = createRegistry(definitions);

interface NodeSpec {
  id: string;
  type: string;
  version?: number;
  config?: Record<string, unknown>;
  credentialId?: string;
}

/** Edges are written `source.port -> target.port`. */
function doc(nodes: readonly NodeSpec[], edges: readonly string[] = []): FlowDocument {
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    name: 'flow',
    nodes: nodes.map(
      (spec): FlowNode => ({
        id: spec.id,
        type: `t.${spec.type}`,
        typeVersion: spec.version ?? 1,
        config: spec.config ?? {},
        position: { x: 0, y: 0 },
        ...(spec.credentialId === undefined ? {} : { credentialId: spec.credentialId }),
      }),
    ),
    edges: edges.map((edge, index) => parseEdge(edge, `e${index + 1}`)),
  };
}

function parseEdge(edge: string, id: string): FlowEdge {
  const [, source, sourcePort, target, targetPort] = /^([\w-]+)\.([\w-]+) -> ([\w-]+)\.([\w-]+)$/.exec(edge) ?? [];
  if (source === undefined || sourcePort === undefined || target === undefined || targetPort === undefined) throw new Error(`bad edge ${edge}`);
  return { id, source, sourcePort, target, targetPort };
}

function problemsOf(flow: FlowDocument, options?: CompileOptions): CompileProblem[] {
  const result = compileFlow(flow, registry, options);
  if (result.ok) throw new Error('expected the flow not to compile');
  return result.problems;
}

function planOf(flow: FlowDocument, options?: CompileOptions): ExecutionPlan {
  const result = compileFlow(flow, registry, options);
  if (!result.ok) throw new Error(`expected the flow to compile:\n${result.problems.map((problem) => problem.message).join('\n')}`);
  return result.plan;
}

function planNode(plan: ExecutionPlan, id: string) {
  const node = plan.nodes.get(id);
  if (!node) throw new Error(`plan has no node ${id}`);
  return node;
}

const trigger: NodeSpec = { id: 'trigger', type: 'start' };

describe('compileFlow: node types and versions', () => {
  it('reports an unknown node type and says how to fix it', () => {
    const problems = problemsOf(doc([trigger, { id: 'mystery', type: 'nope' }], ['trigger.text -> mystery.in']));
    expect(problems).toEqual([
      { nodeId: 'mystery', message: 'node `mystery`: unknown node type `t.nope`; install the plugin that provides it or replace the node' },
    ]);
  });

  it('reports a type version newer than the server knows', () => {
    const problems = problemsOf(doc([trigger, { id: 'hi', type: 'greet', version: 4, config: { greeting: 'x', punctuation: '.' } }], ['trigger.text -> hi.in']));
    expect(problems).toEqual([{ nodeId: 'hi', message: 'node `hi`: `t.greet` version 4 is newer than this server knows (3); upgrade Switchboard' }]);
  });

  it('reports an old version that has no migration path', () => {
    const problems = problemsOf(doc([trigger, { id: 'old', type: 'legacy', version: 1 }], ['trigger.text -> old.in']));
    expect(problems).toEqual([
      { nodeId: 'old', message: 'node `old`: `t.legacy` version 1 is no longer supported and cannot be migrated; replace the node' },
    ]);
  });

  it('migrates an old config through every version up to the newest', () => {
    const plan = planOf(doc([trigger, { id: 'hi', type: 'greet', version: 1, config: { text: 'hello' } }], ['trigger.text -> hi.in']));
    const node = planNode(plan, 'hi');
    expect(node.version).toBe(3);
    expect(node.resolveConfig({ message: {}, nodes: {}, vars: {} })).toEqual({ ok: true, config: { greeting: 'hello', punctuation: '!' } });
  });

  it('validates the migrated config, not the stored one', () => {
    // A v2 config `{ greeting: 5 }` migrates to `{ greeting: 5, punctuation: '!' }`, which v3 rejects.
    const problems = problemsOf(doc([trigger, { id: 'hi', type: 'greet', version: 2, config: { greeting: 5 } }], ['trigger.text -> hi.in']));
    expect(problems).toEqual([{ nodeId: 'hi', field: 'greeting', message: 'node `hi`: field `greeting`: Invalid input: expected string, received number' }]);
  });

  it('runs a node on its saved version while that version is still registered', () => {
    const plan = planOf(doc([trigger, { id: 'echo', type: 'echo', version: 1, config: { v1: 'kept' } }], ['trigger.text -> echo.in']));
    const node = planNode(plan, 'echo');
    expect(node.version).toBe(1);
    expect(node.resolveConfig({ message: {}, nodes: {}, vars: {} })).toEqual({ ok: true, config: { v1: 'kept' } });
  });
});

describe('compileFlow: config and expressions', () => {
  it('reports an invalid config field by name', () => {
    const problems = problemsOf(doc([trigger, { id: 'n', type: 'count', config: { count: 0 } }], ['trigger.text -> n.in']));
    expect(problems).toEqual([{ nodeId: 'n', field: 'count', message: 'node `n`: field `count`: Too small: expected number to be >=1' }]);
  });

  it('reports a missing required config field', () => {
    const problems = problemsOf(doc([trigger, { id: 'n', type: 'count', config: {} }], ['trigger.text -> n.in']));
    expect(problems).toEqual([{ nodeId: 'n', field: 'count', message: 'node `n`: field `count`: Invalid input: expected number, received undefined' }]);
  });

  it('does not check fields holding expressions until run time', () => {
    const plan = planOf(doc([trigger, { id: 'n', type: 'count', config: { count: '{{ vars.count }}' } }], ['trigger.text -> n.in']));
    const node = planNode(plan, 'n');
    expect(node.dynamicConfig).toBe(true);
    expect(node.resolveConfig({ message: {}, nodes: {}, vars: { count: 3 } })).toEqual({ ok: true, config: { count: 3 } });
    const bad = node.resolveConfig({ message: {}, nodes: {}, vars: { count: 'three' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toBe('config after expressions: `count`: Invalid input: expected number, received string');
  });

  it('still reports invalid fields next to a field holding an expression', () => {
    const problems = problemsOf(doc([trigger, { id: 'n', type: 'count', config: { count: 0, label: '{{ message.text }}' } }], ['trigger.text -> n.in']));
    expect(problems).toEqual([{ nodeId: 'n', field: 'count', message: 'node `n`: field `count`: Too small: expected number to be >=1' }]);
  });

  it('reports expression syntax errors with the field and the parser hint', () => {
    const problems = problemsOf(doc([trigger, { id: 'n', type: 'text', config: { text: 'Hi {{ message.text | shout }}' } }], ['trigger.text -> n.in']));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ nodeId: 'n', field: 'text' });
    expect(problems[0]?.message).toMatch(/^node `n`: field `text`: unknown filter `shout`: use one of upper, lower/);
  });

  it('reports syntax errors in nested config fields with their path', () => {
    const problems = problemsOf(doc([trigger, { id: 'sw', type: 'switch', config: { cases: ['ok', '{{ message.text '] } }], ['trigger.text -> sw.in']));
    expect(problems).toEqual([
      { nodeId: 'sw', field: 'cases.1', message: 'node `sw`: field `cases.1`: unclosed `{{`: end the expression with `}}`, or write `\\{{` for literal braces' },
    ]);
  });

  it('accepts expressions reading upstream nodes, the message and variables', () => {
    const flow = doc(
      [trigger, { id: 'a', type: 'pass' }, { id: 'b', type: 'text', config: { text: '{{ nodes.a.out }} {{ nodes.trigger.text }} {{ message.text }} {{ vars.name }}' } }],
      ['trigger.text -> a.in', 'a.out -> b.in'],
    );
    expect(planNode(planOf(flow), 'b').dynamicConfig).toBe(true);
  });

  it('reports an expression reading a node downstream', () => {
    const flow = doc(
      [trigger, { id: 'a', type: 'text', config: { text: '{{ nodes.b.out }}' } }, { id: 'b', type: 'pass' }],
      ['trigger.text -> a.in', 'a.out -> b.in'],
    );
    expect(problemsOf(flow)).toEqual([
      {
        nodeId: 'a',
        field: 'text',
        message: 'node `a`: field `text`: expression refers to `b`, which does not run before this node; connect `b` upstream of `a` or refer to a node that does',
      },
    ]);
  });

  it('reports an expression reading a node on a parallel branch', () => {
    const flow = doc(
      [trigger, { id: 'left', type: 'pass' }, { id: 'right', type: 'text', config: { text: '{{ nodes.left.out }}' } }],
      ['trigger.text -> left.in', 'trigger.text -> right.in'],
    );
    expect(problemsOf(flow)).toEqual([
      {
        nodeId: 'right',
        field: 'text',
        message: 'node `right`: field `text`: expression refers to `left`, which does not run before this node; connect `left` upstream of `right` or refer to a node that does',
      },
    ]);
  });

  it('reports an expression reading itself', () => {
    const flow = doc([trigger, { id: 'a', type: 'text', config: { text: '{{ nodes.a.out }}' } }], ['trigger.text -> a.in']);
    expect(problemsOf(flow).map((problem) => problem.message)).toEqual([
      'node `a`: field `text`: expression refers to `a`, which does not run before this node; connect `a` upstream of `a` or refer to a node that does',
    ]);
  });

  it('reports an expression reading a node that does not exist', () => {
    const flow = doc([trigger, { id: 'a', type: 'text', config: { text: 'x {{ nodes.ghost.out | upper }}' } }], ['trigger.text -> a.in']);
    expect(problemsOf(flow)).toEqual([
      { nodeId: 'a', field: 'text', message: 'node `a`: field `text`: expression refers to `ghost`, which is not a node in this flow; check the node id' },
    ]);
  });

  it('reports an expression reading a port the node does not have, listing the ports it has', () => {
    const flow = doc(
      [trigger, { id: 'a', type: 'pass' }, { id: 'b', type: 'text', config: { text: '{{ nodes.a.result }}' } }],
      ['trigger.text -> a.in', 'a.out -> b.in'],
    );
    expect(problemsOf(flow)).toEqual([{ nodeId: 'b', field: 'text', message: 'node `b`: field `text`: `a` has no output `result` (it has `out`)' }]);
  });

  it('accepts reading an upstream node’s error port', () => {
    const flow = doc(
      [trigger, { id: 'a', type: 'pass' }, { id: 'b', type: 'pass', config: { note: '{{ nodes.a.error.message }}' } }],
      ['trigger.text -> a.in', 'a.error -> b.in'],
    );
    expect(planNode(planOf(flow), 'a').handlesErrors).toBe(true);
  });
});

describe('compileFlow: edges and ports', () => {
  it('reports a required input that is not connected', () => {
    const flow = doc([trigger, { id: 'a', type: 'pass' }, { id: 'n', type: 'needs' }], ['trigger.text -> a.in', 'a.error -> n.in']);
    expect(planOf(flow).nodes.has('n')).toBe(true);
    const broken = doc([trigger, { id: 'n', type: 'needs' }, { id: 'x', type: 'pass' }], ['trigger.text -> x.in', 'x.out -> n.nope']);
    expect(problemsOf(broken)).toEqual([
      { nodeId: 'n', edgeId: 'e2', message: 'node `n` has no input `nope` (it has `in`)' },
      { nodeId: 'n', field: 'in', message: 'node `n`: input `in` is not connected; connect an edge to it' },
    ]);
  });

  it('reports an edge to a node that does not exist', () => {
    const flow = doc([trigger, { id: 'a', type: 'pass' }], ['trigger.text -> a.in', 'a.out -> ghost.in']);
    expect(problemsOf(flow)).toEqual([{ edgeId: 'e2', message: 'edge `e2` points at node `ghost`, which does not exist; delete the edge or connect it to an existing node' }]);
  });

  it('reports an edge from a node that does not exist', () => {
    const flow = doc([trigger, { id: 'a', type: 'pass' }], ['trigger.text -> a.in', 'ghost.out -> a.in']);
    expect(problemsOf(flow)).toEqual([{ edgeId: 'e2', message: 'edge `e2` points at node `ghost`, which does not exist; delete the edge or connect it to an existing node' }]);
  });

  it('reports an edge from a missing output port, listing the ports the node has', () => {
    const flow = doc([trigger, { id: 'a', type: 'pass' }], ['trigger.reply -> a.in']);
    expect(problemsOf(flow)).toContainEqual({ nodeId: 'trigger', edgeId: 'e1', message: 'node `trigger` has no output `reply` (it has `text`, `event`)' });
  });

  it('reports an edge to a missing input port', () => {
    const flow = doc([trigger, { id: 'a', type: 'pass' }], ['trigger.text -> a.in', 'trigger.text -> a.other']);
    expect(problemsOf(flow)).toEqual([{ nodeId: 'a', edgeId: 'e2', message: 'node `a` has no input `other` (it has `in`)' }]);
  });

  it('uses the output ports a node computes from its config', () => {
    const ok = doc([trigger, { id: 'sw', type: 'switch', config: { cases: ['hot', 'cold'] } }, { id: 'a', type: 'pass' }], ['trigger.text -> sw.in', 'sw.hot -> a.in']);
    expect(planNode(planOf(ok), 'sw').outputs).toHaveProperty('hot');
    const bad = doc([trigger, { id: 'sw', type: 'switch', config: { cases: ['hot'] } }, { id: 'a', type: 'pass' }], ['trigger.text -> sw.in', 'sw.cold -> a.in']);
    expect(problemsOf(bad)).toContainEqual({ nodeId: 'sw', edgeId: 'e2', message: 'node `sw` has no output `cold` (it has `hot`, `fallback`)' });
  });

  it('reports ports of incompatible types', () => {
    const flow = doc([trigger, { id: 'o', type: 'object' }, { id: 'n', type: 'number' }], ['trigger.text -> o.in', 'o.out -> n.in']);
    expect(problemsOf(flow)).toEqual([
      { nodeId: 'n', edgeId: 'e2', message: 'node `n`: input `in` takes number, but `o.out` gives object; connect an output of a matching type' },
    ]);
  });

  it('lets anything that renders as text feed a text input', () => {
    const flow = doc(
      [trigger, { id: 'n', type: 'number' }, { id: 't', type: 'text' }],
      ['trigger.text -> n.in', 'n.out -> t.in'],
    );
    // text → number is not allowed; number → text is.
    expect(problemsOf(flow)).toEqual([{ nodeId: 'n', edgeId: 'e1', message: 'node `n`: input `in` takes number, but `trigger.text` gives text; connect an output of a matching type' }]);
    const fine = doc([trigger, { id: 'p', type: 'pass' }, { id: 'n', type: 'number' }, { id: 't', type: 'text' }], ['trigger.text -> p.in', 'p.out -> n.in', 'n.out -> t.in']);
    expect(planOf(fine).nodes.size).toBe(4);
  });

  it('reports two edges into a single input', () => {
    const flow = doc([trigger, { id: 'a', type: 'pass' }, { id: 'b', type: 'pass' }, { id: 'c', type: 'pass' }], ['trigger.text -> a.in', 'trigger.text -> b.in', 'a.out -> c.in', 'b.out -> c.in']);
    expect(problemsOf(flow)).toEqual([{ nodeId: 'c', edgeId: 'e4', message: 'node `c`: input `in` takes one connection; put a merge node in front of it' }]);
  });

  it('accepts several edges into a `multiple` input', () => {
    const flow = doc([trigger, { id: 'a', type: 'pass' }, { id: 'b', type: 'pass' }, { id: 'm', type: 'merge' }], ['trigger.text -> a.in', 'trigger.text -> b.in', 'a.out -> m.items', 'b.out -> m.items']);
    expect(planNode(planOf(flow), 'm').inEdges.map((edge) => edge.id)).toEqual(['e3', 'e4']);
  });
});

describe('compileFlow: graph shape', () => {
  it('reports a cycle outside a loop with its path', () => {
    const flow = doc(
      [trigger, { id: 'a', type: 'merge' }, { id: 'b', type: 'pass' }],
      ['trigger.text -> a.items', 'a.out -> b.in', 'b.out -> a.items'],
    );
    expect(problemsOf(flow)).toEqual([{ nodeId: 'a', message: 'cycle outside a loop node: a → b → a; use a loop node to repeat steps' }]);
  });

  it('reports a cycle through a loop that does not return through its return port', () => {
    const flow = doc(
      [trigger, { id: 'm', type: 'merge' }, { id: 'loop', type: 'loop' }, { id: 'body', type: 'pass' }],
      ['trigger.event -> m.items', 'm.out -> loop.items', 'loop.item -> body.in', 'body.out -> m.items'],
    );
    expect(problemsOf(flow)).toEqual([{ nodeId: 'm', message: 'cycle outside a loop node: m → loop → body → m; use a loop node to repeat steps' }]);
  });

  it('accepts a loop body cycling back to the loop’s return port', () => {
    const flow = doc(
      [trigger, { id: 'loop', type: 'loop' }, { id: 'body', type: 'pass' }, { id: 'after', type: 'pass' }],
      ['trigger.event -> loop.items', 'loop.item -> body.in', 'body.out -> loop.next', 'loop.done -> after.in'],
    );
    const plan = planOf(flow);
    expect(plan.rootIds).toEqual(['trigger', 'loop', 'after']);
    expect(planNode(plan, 'loop').body).toEqual({ nodeIds: ['body'], itemPort: 'item', returnPort: 'next' });
    expect(planNode(plan, 'body').loopId).toBe('loop');
  });

  it('reports a node that is both inside a loop and after it', () => {
    const flow = doc(
      [trigger, { id: 'loop', type: 'loop' }, { id: 'body', type: 'pass' }, { id: 'both', type: 'merge' }],
      ['trigger.event -> loop.items', 'loop.item -> body.in', 'body.out -> loop.next', 'body.out -> both.items', 'loop.done -> both.items'],
    );
    expect(problemsOf(flow)).toEqual([
      {
        nodeId: 'both',
        message: "node `both` is both inside loop `loop` and after it: send the body's result to `loop.next` and continue from the loop's other outputs",
      },
    ]);
  });

  it('reports a loop return edge that comes from outside the body', () => {
    const flow = doc(
      [trigger, { id: 'loop', type: 'loop' }, { id: 'body', type: 'pass' }],
      ['trigger.event -> loop.items', 'loop.item -> body.in', 'trigger.text -> loop.next'],
    );
    expect(problemsOf(flow)).toEqual([
      { nodeId: 'loop', edgeId: 'e3', message: 'loop `loop`: input `next` must come from a node inside its body, not `trigger`' },
    ]);
  });

  it('reports a body node reading, by edge, a node that does not run before the loop', () => {
    const flow = doc(
      [trigger, { id: 'side', type: 'pass' }, { id: 'loop', type: 'loop' }, { id: 'body', type: 'merge' }],
      ['trigger.text -> side.in', 'trigger.event -> loop.items', 'loop.item -> body.items', 'side.out -> body.items', 'body.out -> loop.next'],
    );
    expect(problemsOf(flow)).toEqual([
      { nodeId: 'body', edgeId: 'e4', message: 'node `body` inside loop `loop` reads `side`, which does not run before the loop; connect `side` upstream of the loop' },
    ]);
  });

  it('reports a suspending node inside a loop', () => {
    const flow = doc(
      [trigger, { id: 'loop', type: 'loop' }, { id: 'ask', type: 'ask', config: { prompt: 'next?' } }],
      ['trigger.event -> loop.items', 'loop.item -> ask.in', 'ask.answer -> loop.next'],
    );
    expect(problemsOf(flow)).toEqual([
      { nodeId: 'ask', message: 'node `ask` waits for the user or a timer and cannot run inside loop `loop`; move it out of the loop' },
    ]);
  });

  it('reports a suspending node inside a nested loop, naming the innermost loop', () => {
    const flow = doc(
      [trigger, { id: 'outer', type: 'loop' }, { id: 'inner', type: 'loop' }, { id: 'ask', type: 'ask', config: { prompt: 'next?' } }],
      ['trigger.event -> outer.items', 'outer.item -> inner.items', 'inner.item -> ask.in', 'ask.answer -> inner.next', 'inner.done -> outer.next'],
    );
    expect(problemsOf(flow).map((problem) => problem.message)).toEqual([
      'node `ask` waits for the user or a timer and cannot run inside loop `inner`; move it out of the loop',
    ]);
  });

  it('reports a trigger with an incoming edge', () => {
    const flow = doc([trigger, { id: 'hook', type: 'hook' }, { id: 'a', type: 'pass' }], ['trigger.text -> a.in', 'a.out -> hook.in']);
    expect(problemsOf(flow)).toEqual([{ nodeId: 'hook', edgeId: 'e2', message: 'node `hook` is a trigger and cannot have incoming edges; delete edge `e2`' }]);
  });

  it('reports a node id used twice (documents that did not come through parseFlowDocument)', () => {
    const flow = doc([trigger, { id: 'a', type: 'pass' }, { id: 'a', type: 'text' }], ['trigger.text -> a.in']);
    expect(problemsOf(flow)).toEqual([{ nodeId: 'a', message: 'node id `a` is used twice; rename one of the nodes' }]);
  });

  it('reports a flow without a trigger', () => {
    const problems = problemsOf(doc([{ id: 'a', type: 'pass' }]));
    expect(problems).toContainEqual({ message: 'the flow has no trigger: add a trigger node (for example a chat trigger) where runs start' });
  });

  it('reports a node no trigger reaches', () => {
    const flow = doc([trigger, { id: 'a', type: 'pass' }, { id: 'island', type: 'pass' }, { id: 'island2', type: 'pass' }], ['trigger.text -> a.in', 'island.out -> island2.in']);
    expect(problemsOf(flow)).toEqual([
      { nodeId: 'island', message: 'node `island` is not reachable from a trigger: connect it or delete it' },
      { nodeId: 'island2', message: 'node `island2` is not reachable from a trigger: connect it or delete it' },
    ]);
  });

  it('reports every problem of a flow at once', () => {
    const flow = doc(
      [trigger, { id: 'n', type: 'number' }, { id: 'c', type: 'count', config: { count: -1 } }, { id: 's', type: 'secure' }, { id: 'island', type: 'pass' }],
      ['trigger.text -> s.in', 'trigger.event -> n.in', 'trigger.text -> c.in'],
    );
    // The mistyped edge is reported once; `n` is not also called unreachable because of it.
    expect(problemsOf(flow).map((problem) => problem.nodeId)).toEqual(['c', 's', 'n', 'island']);
  });
});

describe('compileFlow: credentials', () => {
  it('reports a missing credential with the type to choose', () => {
    const flow = doc([trigger, { id: 's', type: 'secure' }], ['trigger.text -> s.in']);
    expect(problemsOf(flow)).toEqual([{ nodeId: 's', field: 'credential', message: 'node `s` needs a credential of type `acme-api`: choose one' }]);
  });

  it('accepts a missing optional credential', () => {
    expect(planOf(doc([trigger, { id: 's', type: 'maybe-secure' }], ['trigger.text -> s.in'])).nodes.has('s')).toBe(true);
  });

  it('reports a credential id that does not exist, when the stored ids are known', () => {
    const flow = doc([trigger, { id: 's', type: 'secure', credentialId: 'cred-9' }], ['trigger.text -> s.in']);
    expect(planNode(planOf(flow), 's').credentialId).toBe('cred-9');
    expect(planOf(flow, { credentialIds: new Set(['cred-9']) }).nodes.has('s')).toBe(true);
    expect(problemsOf(flow, { credentialIds: new Set(['cred-1']) })).toEqual([
      { nodeId: 's', field: 'credential', message: 'node `s`: credential `cred-9` does not exist; choose another' },
    ]);
  });

  it('lists the credentials a node\'s config names with its own, and reports one that does not exist', () => {
    const flow = doc([trigger, { id: 's', type: 'secure', credentialId: 'cred-9', config: { backups: [{ credentialId: 'cred-7' }] } }], ['trigger.text -> s.in']);
    expect(planNode(planOf(flow), 's').credentialRefs).toEqual(['cred-9', 'cred-7']);
    expect(problemsOf(flow, { credentialIds: new Set(['cred-9']) })).toEqual([
      { nodeId: 's', message: 'node `s`: its settings name credential `cred-7`, which does not exist; choose another' },
    ]);
  });
});

describe('compileFlow: the plan', () => {
  it('copies the checkpoint flag of a node type into the plan, false when the type has none', () => {
    const plan = planOf(doc([trigger, { id: 'llm', type: 'paid' }, { id: 'after', type: 'pass' }], ['trigger.text -> llm.in', 'llm.out -> after.in']));
    expect(planNode(plan, 'llm').checkpoint).toBe(true);
    expect(planNode(plan, 'after').checkpoint).toBe(false);
  });

  it('orders root nodes so that every node comes after what feeds it', () => {
    const flow = doc(
      [{ id: 'join', type: 'merge' }, { id: 'right', type: 'pass' }, { id: 'left', type: 'pass' }, trigger, { id: 'last', type: 'pass' }],
      ['trigger.text -> left.in', 'trigger.text -> right.in', 'right.out -> join.items', 'left.out -> join.items', 'join.out -> last.in'],
    );
    const plan = planOf(flow);
    expect(plan.rootIds).toHaveLength(5);
    const at = (id: string): number => plan.rootIds.indexOf(id);
    for (const edge of flow.edges) expect(at(edge.source), `${edge.source} before ${edge.target}`).toBeLessThan(at(edge.target));
    expect(plan.rootIds[0]).toBe('trigger');
    expect(plan.rootIds.slice(3)).toEqual(['join', 'last']);
    expect(plan.triggers.get('message')).toEqual(['trigger']);
    expect(planNode(plan, 'join').inEdges.map((edge) => edge.source)).toEqual(['right', 'left']);
    expect(planNode(plan, 'last').settings).toEqual({ retries: 0, retryBackoffMs: 500, timeoutMs: 30_000 });
  });

  it('assigns nested loop bodies to their innermost loop', () => {
    const flow = doc(
      [
        trigger,
        { id: 'outer', type: 'loop' },
        { id: 'prep', type: 'pass' },
        { id: 'inner', type: 'loop' },
        { id: 'work', type: 'pass' },
        { id: 'work2', type: 'pass' },
        { id: 'sum', type: 'pass' },
        { id: 'after', type: 'pass' },
      ],
      [
        'trigger.event -> outer.items',
        'outer.item -> prep.in',
        'prep.out -> inner.items',
        'inner.item -> work.in',
        'work.out -> work2.in',
        'work2.out -> inner.next',
        'inner.done -> sum.in',
        'sum.out -> outer.next',
        'outer.done -> after.in',
      ],
    );
    const plan = planOf(flow);
    expect(plan.rootIds).toEqual(['trigger', 'outer', 'after']);
    expect(planNode(plan, 'outer').body?.nodeIds).toEqual(['prep', 'inner', 'sum']);
    expect(planNode(plan, 'inner').body?.nodeIds).toEqual(['work', 'work2']);
    expect(['prep', 'inner', 'sum'].map((id) => planNode(plan, id).loopId)).toEqual(['outer', 'outer', 'outer']);
    expect(['work', 'work2'].map((id) => planNode(plan, id).loopId)).toEqual(['inner', 'inner']);
    expect(planNode(plan, 'after').loopId).toBeUndefined();
  });

  it('lets a nested body read, by edge, a node of the outer body that runs before the inner loop', () => {
    const flow = doc(
      [trigger, { id: 'outer', type: 'loop' }, { id: 'prep', type: 'pass' }, { id: 'inner', type: 'loop' }, { id: 'work', type: 'merge' }],
      [
        'trigger.event -> outer.items',
        'outer.item -> prep.in',
        'prep.out -> inner.items',
        'inner.item -> work.items',
        'prep.out -> work.items',
        'work.out -> inner.next',
        'inner.done -> outer.next',
      ],
    );
    const plan = planOf(flow);
    expect(planNode(plan, 'inner').body?.nodeIds).toEqual(['work']);
    expect(planNode(plan, 'outer').body?.nodeIds).toEqual(['prep', 'inner']);
  });

  it('lets body nodes read the loop item and nodes before the loop by expression', () => {
    const flow = doc(
      [
        trigger,
        { id: 'before', type: 'pass' },
        { id: 'loop', type: 'loop' },
        { id: 'body', type: 'text', config: { text: '{{ nodes.loop.item }} #{{ nodes.loop.index }} {{ nodes.before.out }}' } },
      ],
      ['trigger.text -> before.in', 'before.out -> loop.items', 'loop.item -> body.in', 'body.out -> loop.next'],
    );
    expect(planNode(planOf(flow), 'body').loopId).toBe('loop');
  });

  it('rejects a node after the loop reading a body node by expression', () => {
    const flow = doc(
      [trigger, { id: 'loop', type: 'loop' }, { id: 'body', type: 'pass' }, { id: 'after', type: 'pass', config: { note: '{{ nodes.body.out }}' } }],
      ['trigger.event -> loop.items', 'loop.item -> body.in', 'body.out -> loop.next', 'loop.done -> after.in'],
    );
    expect(problemsOf(flow).map((problem) => problem.message)).toEqual([
      'node `after`: field `note`: expression refers to `body`, which does not run before this node; connect `body` upstream of `after` or refer to a node that does',
    ]);
  });

  it('takes per-node settings over the definition defaults', () => {
    const flow = doc([trigger, { id: 'a', type: 'pass' }], ['trigger.text -> a.in']);
    const [, node] = flow.nodes;
    if (node) node.settings = { retries: 2, timeoutMs: 100 };
    expect(planNode(planOf(flow), 'a').settings).toEqual({ retries: 2, retryBackoffMs: 500, timeoutMs: 100 });
  });

  it('does not read positions or labels', () => {
    const flow = doc([trigger, { id: 'a', type: 'pass' }], ['trigger.text -> a.in']);
    const moved = structuredClone(flow);
    moved.nodes.forEach((node, index) => {
      node.position = { x: index * 100, y: 7 };
      node.label = `label ${index}`;
    });
    expect(planOf(moved).rootIds).toEqual(planOf(flow).rootIds);
  });
});

describe('compileFlow: triggers per channel', () => {
  const flow = doc(
    [trigger, { id: 'tg', type: 'telegram' }, { id: 'a', type: 'text' }, { id: 'b', type: 'text' }],
    ['trigger.text -> a.in', 'tg.text -> b.in'],
  );

  it("keys a platform's own trigger by kind and channel", () => {
    const plan = planOf(flow);
    expect(plan.triggers.get('message')).toEqual(['trigger']);
    expect(plan.triggers.get('message@telegram')).toEqual(['tg']);
  });

  it("chooses the channel's own trigger, else the one for any channel", () => {
    const plan = planOf(flow);
    expect(chooseTrigger(plan, 'message', 'telegram')).toBe('tg');
    expect(chooseTrigger(plan, 'message', 'slack')).toBe('trigger');
    expect(chooseTrigger(plan, 'webhook', 'telegram')).toBeUndefined();
  });

  it('lets the playground start a flow that only has a platform trigger, and nothing else', () => {
    const plan = planOf(doc([{ id: 'tg', type: 'telegram' }, { id: 'b', type: 'text' }], ['tg.text -> b.in']));
    expect(chooseTrigger(plan, 'message', 'playground')).toBe('tg');
    expect(chooseTrigger(plan, 'message', 'api')).toBeUndefined();
  });
});
