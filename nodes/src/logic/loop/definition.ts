import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { numeric } from '../../shared/fields.ts';

export const MAX_LOOP_ITEMS = 10_000;

export const loopDefinition = defineNode({
  type: 'logic.loop',
  version: 1,
  kind: 'logic',
  title: 'For each',
  description: 'Runs the nodes wired to `item` once per list item, then outputs what each run sent back to `next`.',
  category: 'Logic',
  icon: 'repeat',
  inputs: {
    list: { type: 'list', required: true, description: 'The items to go through.' },
    next: { type: 'any', label: 'Body result', description: 'Wire the last node of the body here; its value is collected per item.' },
  },
  outputs: {
    item: { type: 'any', description: 'The current item, once per item; it starts the body.' },
    done: { type: 'list', description: 'What the body sent to `next` for each item, in list order.' },
  },
  loop: { itemPort: 'item', returnPort: 'next' },
  config: z.object({
    maxItems: numeric(z.number().int().min(1).max(MAX_LOOP_ITEMS), 'A longer list fails the node instead of running for ages.', { advanced: true }).default(100),
  }),
});
