import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { openaiCredential } from '../../shared/credentials.ts';
import { identifier, numeric, text } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';
import { promptFields, resilienceFields, targetFields } from '../../shared/model/config.ts';

export const BUILTIN_TOOLS = ['calculator', 'current_time'] as const;

export const agentDefinition = defineNode({
  type: 'model.agent',
  version: 1,
  kind: 'model',
  title: 'Agent',
  description: 'A model that calls tools until it can answer: nodes wired to its tools port become tools, and it has a calculator and a clock of its own.',
  category: 'Models',
  icon: 'bot',
  inputs: {
    in: { type: 'any', description: 'Only orders this node after another; the prompt reads values with expressions.' },
    result: { type: 'any', description: 'A tool\'s answer, when the tool is several nodes: wire the last one here. A one-node tool answers with its outputs.' },
  },
  outputs: {
    text: { type: 'text', description: 'The final answer (the fixed reply once the budget is spent).' },
    tools: { type: 'any', description: 'Wire nodes here to make them tools. They read the call\'s arguments as {{ nodes.<this node>.tools }}.' },
    steps: { type: 'list', description: 'Every step: what the model said, the tools it called, and what they answered.' },
    budget: { type: 'any', description: 'Fires when the daily budget was reached: { spentUsd, limitUsd, action }.' },
    summary: { type: 'text', description: 'Fires when the history was compressed: the summary now kept in memory.' },
  },
  config: z.object({
    ...targetFields,
    ...promptFields,
    maxSteps: numeric(z.number().int().min(1).max(50), 'The most model calls before the agent must answer.').default(8),
    tools: z
      .array(
        z.object({
          node: z.string().trim().min(1).meta(hint('The id of a node wired to the tools port.', { widget: 'text' })),
          name: identifier.optional().meta(hint('The tool\'s name for the model; the node\'s label or id by default.', { widget: 'text' })),
          description: z.string().max(1000).optional().meta(hint('What the tool does and when to use it: the model reads this.', { widget: 'textarea' })),
          parameters: z.string().max(10_000).optional().meta(hint('A JSON Schema of its arguments; by default one text argument, "input".', { widget: 'textarea' })),
        }),
      )
      .max(32)
      .default([])
      .meta(hint('How the model sees the nodes wired to the tools port. Nodes not listed are offered with their label and one "input" argument.')),
    builtinTools: z
      .array(z.object({ tool: z.enum(BUILTIN_TOOLS).meta(hint('calculator: arithmetic; current_time: the date and time in a time zone.', { widget: 'select' })) }))
      .max(BUILTIN_TOOLS.length)
      .default([])
      .meta(hint('Tools the agent has without wiring anything.')),
    parallelToolCalls: z.boolean().default(true).meta(hint('Run the tools the model calls in one step at the same time.', { widget: 'switch', advanced: true })),
    finalPrompt: text('Said to the model when it runs out of steps, asking for an answer without more tools.', { widget: 'textarea', advanced: true }).default(
      'You have used all your steps. Answer now with what you have found, without calling tools.',
    ),
    ...resilienceFields,
  }),
  credential: { type: openaiCredential.type, optional: true },
  loop: { itemPort: 'tools', returnPort: 'result' },
  streams: true,
  // Retries happen inside the node, per model call; a whole agent run is not repeated.
  defaults: { retries: 0, timeoutMs: 600_000 },
});
