import { implementNode } from '@switchboard/flow-schema';
import { passThrough } from '../../shared/pass-through.ts';
import { renderText } from '../../shared/render.ts';
import { memoryDefinition } from './definition.ts';

export const memoryNode = implementNode(memoryDefinition, (ctx) => {
  const { mode, limit, role, content } = ctx.config;
  switch (mode) {
    case 'read':
      // Copies, so a downstream node that edits the list cannot edit the conversation's memory.
      return { outputs: { history: ctx.memory.read(limit).map((turn) => ({ ...turn })) } };
    case 'append': {
      const turn = content.trim() === '' ? renderText(ctx.inputs.in) : content;
      if (turn.trim() === '') throw new Error('nothing to append: `content` is empty and so is input `in`; write a content or connect a value');
      ctx.memory.append({ role, content: turn });
      return { outputs: { out: passThrough(ctx.inputs) } };
    }
    case 'clear':
      ctx.memory.clear();
      return { outputs: { out: passThrough(ctx.inputs) } };
  }
});
