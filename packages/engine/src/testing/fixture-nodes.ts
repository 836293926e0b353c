// Small node types for engine tests. Each does one visible thing, so a test can tell from spans,
// replies and probes exactly what the engine did.
import { PermanentNodeError, createRegistry, defineNode, implementNode } from '@switchboard/flow-schema';
import type { NodeImplementation, NodeRegistry } from '@switchboard/flow-schema';
import { z } from 'zod';

/**
 * What slow and flaky nodes record, shared with the test through `probe(name)`: which nodes started
 * and finished in which order, how many ran at once, and when each attempt began.
 */
export interface Probe {
  running: number;
  maxRunning: number;
  /** `start:<node>` and `end:<node>` in the order they happened. */
  log: string[];
  /** Attempt start times (Date.now()) per node id. */
  attempts: Map<string, number[]>;
  /** Signals of aborted executions, by node id. */
  aborted: string[];
}

const probes = new Map<string, Probe>();

/** A fresh probe under `name` (use one name per test); nodes find it through their `probe` config. */
export function probe(name: string): Probe {
  const created: Probe = { running: 0, maxRunning: 0, log: [], attempts: new Map(), aborted: [] };
  probes.set(name, created);
  return created;
}

function probeOf(name: string | undefined): Probe | undefined {
  return name === undefined ? undefined : probes.get(name);
}

function recordAttempt(found: Probe | undefined, nodeId: string): void {
  if (!found) return;
  const list = found.attempts.get(nodeId) ?? [];
  list.push(Date.now());
  found.attempts.set(nodeId, list);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(reasonOf(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(reasonOf(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function reasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}

const anyPort = { type: 'any' } as const;
const probeName = z.string().optional();

export const startNode = implementNode(
  defineNode({
    type: 'test.start',
    version: 1,
    kind: 'trigger',
    title: 'Start',
    description: 'Starts a run on a message or a webhook call.',
    category: 'Test',
    inputs: {},
    outputs: { text: { type: 'text' }, event: { type: 'object' } },
    config: z.object({}),
    trigger: { events: ['message', 'webhook'] },
  }),
  (ctx) => ({ outputs: { text: ctx.event.text, event: { kind: ctx.event.kind, text: ctx.event.text } } }),
);

export const hookNode = implementNode(
  defineNode({
    type: 'test.hook',
    version: 1,
    kind: 'trigger',
    title: 'Hook',
    description: 'Starts a run on a webhook call only.',
    category: 'Test',
    inputs: {},
    outputs: { payload: anyPort },
    config: z.object({}),
    trigger: { events: ['webhook'] },
  }),
  (ctx) => ({ outputs: { payload: ctx.event.payload ?? null } }),
);

export const emitNode = implementNode(
  defineNode({
    type: 'test.emit',
    version: 1,
    kind: 'action',
    title: 'Emit',
    description: 'Outputs its config value.',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { out: anyPort },
    config: z.object({ value: z.unknown() }),
  }),
  (ctx) => ({ outputs: { out: ctx.config.value } }),
);

export const branchNode = implementNode(
  defineNode({
    type: 'test.branch',
    version: 1,
    kind: 'logic',
    title: 'Branch',
    description: 'Fires the ports listed in config with its input.',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { a: anyPort, b: anyPort, c: anyPort },
    config: z.object({ fire: z.array(z.enum(['a', 'b', 'c'])) }),
  }),
  (ctx) => ({ outputs: Object.fromEntries(ctx.config.fire.map((port) => [port, ctx.inputs.in])) }),
);

export const collectNode = implementNode(
  defineNode({
    type: 'test.collect',
    version: 1,
    kind: 'logic',
    title: 'Collect',
    description: 'Outputs the list of values on its `multiple` input.',
    category: 'Test',
    inputs: { items: { type: 'any', multiple: true } },
    outputs: { out: { type: 'list' } },
    config: z.object({}),
  }),
  (ctx) => ({ outputs: { out: ctx.inputs.items ?? [] } }),
);

export const pairNode = implementNode(
  defineNode({
    type: 'test.pair',
    version: 1,
    kind: 'logic',
    title: 'Pair',
    description: 'Outputs which of its two inputs arrived, and their values.',
    category: 'Test',
    inputs: { left: anyPort, right: anyPort },
    outputs: { out: { type: 'object' } },
    config: z.object({}),
  }),
  (ctx) => ({ outputs: { out: { ports: Object.keys(ctx.inputs).sort(), left: ctx.inputs.left, right: ctx.inputs.right } } }),
);

export const slowNode = implementNode(
  defineNode({
    type: 'test.slow',
    version: 1,
    kind: 'action',
    title: 'Slow',
    description: 'Waits `ms` (honouring the abort signal unless told not to) and passes its input on.',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { out: anyPort },
    config: z.object({ ms: z.number().int().min(0), probe: probeName, ignoreSignal: z.boolean().optional() }),
  }),
  async (ctx) => {
    const found = probeOf(ctx.config.probe);
    recordAttempt(found, ctx.nodeId);
    if (found) {
      found.running += 1;
      found.maxRunning = Math.max(found.maxRunning, found.running);
      found.log.push(`start:${ctx.nodeId}`);
    }
    try {
      if (ctx.config.ignoreSignal) await new Promise((resolve) => setTimeout(resolve, ctx.config.ms));
      else await delay(ctx.config.ms, ctx.signal);
    } catch (error) {
      found?.aborted.push(ctx.nodeId);
      throw error;
    } finally {
      if (found) {
        found.running -= 1;
        found.log.push(`end:${ctx.nodeId}`);
      }
    }
    return { outputs: { out: ctx.inputs.in ?? ctx.nodeId } };
  },
);

export const flakyNode = implementNode(
  defineNode({
    type: 'test.flaky',
    version: 1,
    kind: 'action',
    title: 'Flaky',
    description: 'Fails its first `failures` attempts; every attempt replies and sets `vars.attempt` first.',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { out: anyPort },
    config: z.object({ failures: z.number().int().min(0), probe: probeName, permanent: z.boolean().default(false) }),
  }),
  async (ctx) => {
    recordAttempt(probeOf(ctx.config.probe), ctx.nodeId);
    ctx.reply({ text: `attempt ${ctx.attempt}` });
    ctx.setVar('attempt', ctx.attempt);
    ctx.memory.append({ role: 'assistant', content: `attempt ${ctx.attempt}` });
    await Promise.resolve();
    if (ctx.attempt <= ctx.config.failures) {
      const message = `attempt ${ctx.attempt} failed`;
      throw ctx.config.permanent ? new PermanentNodeError(message) : new Error(message);
    }
    return { outputs: { out: ctx.attempt } };
  },
);

export const failNode = implementNode(
  defineNode({
    type: 'test.fail',
    version: 1,
    kind: 'action',
    title: 'Fail',
    description: 'Always fails with `message`.',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { out: anyPort },
    config: z.object({ message: z.string() }),
  }),
  (ctx) => {
    throw new Error(ctx.config.message);
  },
);

export const replyNode = implementNode(
  defineNode({
    type: 'test.reply',
    version: 1,
    kind: 'action',
    title: 'Reply',
    description: 'Sends `text` to the conversation and outputs it.',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { out: { type: 'text' } },
    config: z.object({ text: z.string().min(1) }),
  }),
  (ctx) => {
    ctx.reply({ text: ctx.config.text });
    return { outputs: { out: ctx.config.text } };
  },
);

export const askNode = implementNode(
  defineNode({
    type: 'test.ask',
    version: 1,
    kind: 'conversation',
    title: 'Ask',
    description: 'Asks `prompt` (after replying `say`, if set) and waits for the next message; outputs its text.',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { answer: { type: 'text' } },
    config: z.object({ prompt: z.string(), say: z.string().optional() }),
    suspends: true,
  }),
  (ctx) => {
    if (ctx.resumed) return { outputs: { answer: ctx.resumed.event.text } };
    if (ctx.config.say !== undefined) ctx.reply({ text: ctx.config.say });
    return { suspend: { kind: 'ask', prompt: { text: ctx.config.prompt } } };
  },
);

export const delayNode = implementNode(
  defineNode({
    type: 'test.delay',
    version: 1,
    kind: 'logic',
    title: 'Delay',
    description: 'Waits `ms` after the event was received, then passes its input on.',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { out: anyPort },
    config: z.object({ ms: z.number().int().min(0) }),
    suspends: true,
  }),
  (ctx) => {
    if (ctx.resumed) return { outputs: { out: ctx.inputs.in ?? null } };
    return { suspend: { kind: 'delay', until: Date.parse(ctx.event.receivedAt) + ctx.config.ms } };
  },
);

export const loopNode = implementNode(
  defineNode({
    type: 'test.loop',
    version: 1,
    kind: 'logic',
    title: 'Loop',
    description: 'Runs the body once per item, in order, and outputs what each iteration returned.',
    category: 'Test',
    inputs: { items: { type: 'list' }, next: anyPort },
    outputs: { item: anyPort, done: { type: 'list' } },
    config: z.object({ items: z.array(z.unknown()).optional() }),
    loop: { itemPort: 'item', returnPort: 'next' },
  }),
  async (ctx) => {
    const input = ctx.inputs.items;
    const items = Array.isArray(input) ? input : (ctx.config.items ?? []);
    const results: unknown[] = [];
    for (const [index, item] of items.entries()) results.push(await ctx.runBody(item, index));
    return { outputs: { done: results } };
  },
);

/** Like an agent with tools: each call `{ entry, args }` runs only the body part starting at `entry`, all calls at once. */
export const dispatchNode = implementNode(
  defineNode({
    type: 'test.dispatch',
    version: 1,
    kind: 'logic',
    title: 'Dispatch',
    description: 'Runs the body part that starts at each call\'s entry node, in parallel, and outputs the results (or errors) and the entries it saw.',
    category: 'Test',
    inputs: { in: anyPort, result: anyPort },
    outputs: { call: anyPort, done: { type: 'list' }, entries: { type: 'list' } },
    config: z.object({ calls: z.array(z.object({ entry: z.string(), args: z.unknown() })) }),
    loop: { itemPort: 'call', returnPort: 'result' },
  }),
  async (ctx) => {
    const settled = await Promise.allSettled(ctx.config.calls.map((call, index) => ctx.runBody(call.args, index, call.entry)));
    const done = settled.map((result) => (result.status === 'fulfilled' ? result.value : `error: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`));
    return { outputs: { done, entries: ctx.bodyEntries.map((entry) => `${entry.nodeId}:${entry.nodeType}:${entry.label ?? ''}`) } };
  },
);

export const setVarNode = implementNode(
  defineNode({
    type: 'test.setvar',
    version: 1,
    kind: 'logic',
    title: 'Set variable',
    description: 'Sets conversation variable `name` to `value` and passes its input on.',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { out: anyPort },
    config: z.object({ name: z.string().min(1), value: z.unknown() }),
  }),
  (ctx) => {
    ctx.setVar(ctx.config.name, ctx.config.value);
    return { outputs: { out: ctx.inputs.in ?? null } };
  },
);

export const memoryNode = implementNode(
  defineNode({
    type: 'test.memory',
    version: 1,
    kind: 'conversation',
    title: 'Memory',
    description: 'Appends the message to conversation memory and outputs what memory holds.',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { turns: { type: 'list' } },
    config: z.object({ clear: z.boolean().optional() }),
  }),
  (ctx) => {
    if (ctx.config.clear) ctx.memory.clear();
    ctx.memory.append({ role: 'user', content: ctx.event.text });
    return { outputs: { turns: ctx.memory.read().map((turn) => turn.content) } };
  },
);

export const secretNode = implementNode(
  defineNode({
    type: 'test.secret',
    version: 1,
    kind: 'action',
    title: 'Secret',
    description: 'Outputs the names of the secrets its credential holds (never the values).',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { out: { type: 'list' } },
    config: z.object({}),
    credential: { type: 'test-key' },
  }),
  (ctx) => ({ outputs: { out: ctx.credential ? Object.keys(ctx.credential).sort() : null } }),
);

export const spendNode = implementNode(
  defineNode({
    type: 'test.spend',
    version: 1,
    kind: 'model',
    title: 'Spend',
    description: 'Reports usage twice per attempt (10 in, 5 out, $0.01 each time); fails its first `failures` attempts.',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { out: anyPort },
    config: z.object({ failures: z.number().int().min(0).default(0) }),
  }),
  (ctx) => {
    for (let call = 0; call < 2; call += 1) ctx.usage({ model: `m${ctx.attempt}`, inputTokens: 10, outputTokens: 5, costUsd: 0.01 });
    if (ctx.attempt <= ctx.config.failures) throw new Error(`attempt ${ctx.attempt} failed`);
    return { outputs: { out: ctx.attempt } };
  },
);

let charges = 0;

export const chargeNode = implementNode(
  defineNode({
    type: 'test.charge',
    version: 1,
    kind: 'action',
    title: 'Charge',
    description:
      'A checkpointed node with effects: logs `charge:<node>:<input>` to its probe, replies, sets `vars.charged`, appends to memory, '
      + 'and outputs its input with a number no other call gets; fails when `fail` is set.',
    category: 'Test',
    inputs: { in: anyPort },
    outputs: { out: anyPort },
    config: z.object({ probe: probeName, fail: z.boolean().default(false) }),
    checkpoint: true,
  }),
  async (ctx) => {
    const input = typeof ctx.inputs.in === 'string' ? ctx.inputs.in : JSON.stringify(ctx.inputs.in);
    probeOf(ctx.config.probe)?.log.push(`charge:${ctx.nodeId}:${input}`);
    await Promise.resolve();
    if (ctx.config.fail) throw new Error('card declined');
    charges += 1;
    ctx.reply({ text: `charged ${input}`, data: { call: charges } });
    ctx.setVar('charged', input);
    ctx.memory.append({ role: 'assistant', content: `charged ${input}` });
    return { outputs: { out: `${input}#${charges}` } };
  },
);

export const FIXTURE_NODES: readonly NodeImplementation[] = [
  startNode,
  hookNode,
  emitNode,
  branchNode,
  collectNode,
  pairNode,
  slowNode,
  flakyNode,
  failNode,
  replyNode,
  askNode,
  delayNode,
  loopNode,
  dispatchNode,
  setVarNode,
  memoryNode,
  secretNode,
  spendNode,
  chargeNode,
];

export const fixtureRegistry: NodeRegistry = createRegistry(FIXTURE_NODES.map((node) => node.definition));

const byKey = new Map(FIXTURE_NODES.map((node) => [`${node.definition.type}@${node.definition.version}`, node]));

export function fixtureImplementation(type: string, version: number): NodeImplementation | undefined {
  return byKey.get(`${type}@${version}`);
}
