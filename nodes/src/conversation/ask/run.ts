import { implementNode } from '@switchboard/flow-schema';
import { askDefinition } from './definition.ts';

export const askNode = implementNode(askDefinition, (ctx) => {
  const { prompt, variable } = ctx.config;
  // First run: the engine sends the prompt and frees the worker; the next message runs this node again.
  if (!ctx.resumed) return { suspend: prompt === '' ? { kind: 'ask' } : { kind: 'ask', prompt: { text: prompt } } };
  const answer = ctx.resumed.event.text;
  if (variable !== undefined) ctx.setVar(variable, answer);
  return { outputs: { answer } };
});
