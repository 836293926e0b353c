import { PermanentNodeError, implementNode } from '@switchboard/flow-schema';
import type { BodyEntry, NodeRunContext } from '@switchboard/flow-schema';
import type { ChatMessage, ToolCall, ToolSpec } from '@switchboard/models';
import type { z } from 'zod';
import { budgetGate, callModel, parseJsonSchema, historyFor, promptOf, providerFor, readApiKey, systemPromptFor } from '../../shared/model/run-model.ts';
import { builtinTool } from './builtins.ts';
import { agentDefinition } from './definition.ts';

type Config = z.output<typeof agentDefinition.config>;
type Ctx = NodeRunContext<Config>;

/** A tool as the agent runs it: a built-in, or a node wired to the tools port. */
interface Tool {
  spec: ToolSpec;
  run(args: unknown, index: number): Promise<unknown>;
}

/** One step of the loop as the trace shows it. */
interface Step {
  step: number;
  text: string;
  calls: { id: string; name: string; arguments: unknown; result?: unknown; error?: string }[];
}

/** The longest tool result sent back to the model, in characters. */
const MAX_RESULT_CHARS = 20_000;

export const agentNode = implementNode(agentDefinition, async (ctx) => {
  const { config } = ctx;
  const prompt = promptOf(ctx);
  const gate = await budgetGate(ctx);
  if (gate.kind === 'answer') return { outputs: { text: gate.text, steps: [], budget: gate.budget } };
  const { model, budget } = gate;
  const tools = toolsOf(ctx);
  const { system } = await systemPromptFor(ctx);
  const primary = providerFor(config, readApiKey(ctx.credential), config.attemptTimeoutMs);
  const history = await historyFor(ctx, primary, model ?? config.model, system, prompt);
  const messages: ChatMessage[] = [...(system === undefined ? [] : [{ role: 'system' as const, content: system }]), ...history.messages, { role: 'user', content: prompt }];
  const settings = {
    ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
    ...(config.maxTokens === undefined ? {} : { maxTokens: config.maxTokens }),
  };
  const call = { stream: config.stream, ...(model === undefined ? {} : { model }) };
  const steps: Step[] = [];
  let answer: string | undefined;
  let callIndex = 0;
  for (let number = 1; number <= config.maxSteps && answer === undefined; number += 1) {
    const { result } = await callModel(ctx, { messages, ...settings, ...(tools.size > 0 ? { tools: [...tools.values()].map((tool) => tool.spec) } : {}) }, call);
    const step: Step = { step: number, text: result.text, calls: [] };
    steps.push(step);
    if (result.toolCalls.length === 0) {
      answer = result.text;
      break;
    }
    messages.push({ role: 'assistant', content: result.text, toolCalls: result.toolCalls });
    const run = (toolCall: ToolCall, index: number): Promise<ChatMessage> => runTool(tools, toolCall, index, step);
    const first = callIndex;
    callIndex += result.toolCalls.length;
    const answers = config.parallelToolCalls
      ? await Promise.all(result.toolCalls.map((toolCall, offset) => run(toolCall, first + offset)))
      : await sequentially(result.toolCalls, (toolCall, offset) => run(toolCall, first + offset));
    messages.push(...answers);
  }
  if (answer === undefined) {
    // Out of steps: one more call without tools, so the conversation still gets an answer.
    const { result } = await callModel(ctx, { messages: [...messages, { role: 'user', content: config.finalPrompt }], ...settings }, call);
    steps.push({ step: steps.length + 1, text: result.text, calls: [] });
    answer = result.text;
  }
  if (config.useMemory) ctx.memory.append({ role: 'user', content: prompt }, { role: 'assistant', content: answer });
  const outputs: Record<string, unknown> = { text: answer, steps };
  if (budget) outputs.budget = budget;
  if (history.summary !== undefined) outputs.summary = history.summary;
  if (history.failed !== undefined) outputs.compression = history.failed;
  return { outputs };
});

async function runTool(tools: ReadonlyMap<string, Tool>, toolCall: ToolCall, index: number, step: Step): Promise<ChatMessage> {
  const record: Step['calls'][number] = { id: toolCall.id, name: toolCall.name, arguments: toolCall.arguments };
  step.calls.push(record);
  const tool = tools.get(toolCall.name);
  let content: string;
  if (!tool) {
    record.error = `there is no tool "${toolCall.name}"`;
    content = `Error: there is no tool "${toolCall.name}". Tools: ${[...tools.keys()].join(', ')}.`;
  } else if (typeof toolCall.arguments === 'string') {
    record.error = 'the arguments were not valid JSON';
    content = `Error: the arguments were not valid JSON (${toolCall.arguments.slice(0, 200)}). Call the tool again with a JSON object.`;
  } else {
    try {
      const result = await tool.run(toolCall.arguments, index);
      record.result = result;
      content = clip(typeof result === 'string' ? result : JSON.stringify(result ?? null));
    } catch (error) {
      // The model sees what went wrong and may try another way; the run goes on.
      const message = error instanceof Error ? error.message : String(error);
      record.error = message;
      content = `Error: ${message}`;
    }
  }
  return { role: 'tool', toolCallId: toolCall.id, name: toolCall.name, content };
}

function toolsOf(ctx: Ctx): Map<string, Tool> {
  const tools = new Map<string, Tool>();
  const add = (tool: Tool): void => {
    if (tools.has(tool.spec.name)) throw new PermanentNodeError(`two tools are named "${tool.spec.name}": give one another name in the agent's tool list`);
    tools.set(tool.spec.name, tool);
  };
  for (const { tool } of ctx.config.builtinTools) add(builtinTool(tool));
  const entries = ctx.bodyEntries;
  for (const described of ctx.config.tools) {
    if (!entries.some((entry) => entry.nodeId === described.node)) {
      throw new PermanentNodeError(`tool "${described.name ?? described.node}": node \`${described.node}\` is not wired to this agent's tools port`);
    }
  }
  for (const entry of entries) {
    const described = ctx.config.tools.find((tool) => tool.node === entry.nodeId);
    const spec: ToolSpec = {
      name: described?.name ?? toolName(entry),
      description: described?.description ?? `${entry.label ?? entry.title}: ${entry.description}`,
      parameters: described?.parameters === undefined || described.parameters.trim() === '' ? DEFAULT_PARAMETERS : parseJsonSchema(described.parameters, `the parameters of tool \`${entry.nodeId}\``),
    };
    add({ spec, run: (args, index) => ctx.runBody(args, index, entry.nodeId) });
  }
  return tools;
}

const DEFAULT_PARAMETERS = {
  type: 'object',
  properties: { input: { type: 'string', description: 'What the tool should work on.' } },
  required: ['input'],
};

function toolName(entry: BodyEntry): string {
  const name = (entry.label ?? entry.nodeId).trim().replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64);
  return name === '' ? entry.nodeId : name;
}

function clip(text: string): string {
  return text.length <= MAX_RESULT_CHARS ? text : `${text.slice(0, MAX_RESULT_CHARS)} … (cut: ${text.length} characters in all)`;
}

async function sequentially<T, R>(items: readonly T[], run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const [index, item] of items.entries()) results.push(await run(item, index));
  return results;
}
