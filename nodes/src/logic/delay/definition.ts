import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';
import { numeric } from '../../shared/fields.ts';

export const MAX_DELAY_SECONDS = 30 * 24 * 60 * 60;

export const delayDefinition = defineNode({
  type: 'logic.delay',
  version: 1,
  kind: 'logic',
  title: 'Wait',
  description: 'Pauses the run, without holding a worker, and continues after the given time.',
  category: 'Logic',
  icon: 'timer',
  inputs: { in: { type: 'any', description: 'Passed on when the wait is over.' } },
  outputs: { out: { type: 'any', description: 'The input, after the wait.' } },
  config: z.object({
    seconds: numeric(z.number().min(0.001).max(MAX_DELAY_SECONDS), 'How long to wait, in seconds (up to 30 days).'),
  }),
  suspends: true,
});
