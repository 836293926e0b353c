import { implementNode } from '@switchboard/flow-schema';
import { loopDefinition, MAX_LOOP_ITEMS } from './definition.ts';

export const loopNode = implementNode(loopDefinition, async (ctx) => {
  const list = ctx.inputs.list;
  if (!Array.isArray(list)) throw new Error(`input \`list\` must be a list, got ${list === null ? 'null' : typeof list}`);
  const { maxItems } = ctx.config;
  if (list.length > maxItems) {
    const fix = maxItems < MAX_LOOP_ITEMS ? `raise maxItems (up to ${MAX_LOOP_ITEMS}) or shorten the list` : 'shorten the list';
    throw new Error(`the list has ${list.length} items, more than maxItems (${maxItems}): ${fix}`);
  }
  const done: unknown[] = [];
  // One item at a time, on purpose: replies must reach the user in list order, and a body that reads
  // and writes conversation variables or memory must see the previous item's changes, not race them.
  for (const [index, item] of list.entries()) done.push(await ctx.runBody(item, index));
  return { outputs: { done } };
});
