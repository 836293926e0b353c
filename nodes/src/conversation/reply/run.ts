import { implementNode } from '@switchboard/flow-schema';
import { renderText } from '../../shared/render.ts';
import { replyDefinition } from './definition.ts';

export const replyNode = implementNode(replyDefinition, (ctx) => {
  const text = ctx.config.text.trim() === '' ? renderText(ctx.inputs.in) : ctx.config.text;
  // Channels reject empty messages; say what to fix here rather than fail later in a channel adapter.
  if (text.trim() === '') throw new Error('nothing to send: `text` is empty and so is input `in`; write a text or connect a value');
  ctx.reply({ text });
  return { outputs: { out: text } };
});
