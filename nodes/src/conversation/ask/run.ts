import { implementNode } from '@switchboard/flow-schema';
import { askDefinition } from './definition.ts';

export const askNode = implementNode(askDefinition, (ctx) => {
  const { prompt, variable, timeoutSeconds } = ctx.config;
  // First run: the engine sends the prompt and frees the worker; the next message runs this node again,
  // or a timer event when the time-out comes first.
  if (!ctx.resumed) {
    return {
      suspend: {
        kind: 'ask',
        ...(prompt === '' ? {} : { prompt: { text: prompt } }),
        ...(timeoutSeconds === undefined ? {} : { until: Date.now() + Math.ceil(timeoutSeconds * 1000) }),
      },
    };
  }
  if (ctx.resumed.event.kind === 'timer') return { outputs: { timeout: { afterSeconds: timeoutSeconds ?? null } } };
  const answer = ctx.resumed.event.text;
  if (variable !== undefined) ctx.setVar(variable, answer);
  return { outputs: { answer } };
});
