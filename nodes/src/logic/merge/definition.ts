import { defineNode } from '@switchboard/flow-schema';
import { z } from 'zod';

export const mergeDefinition = defineNode({
  type: 'logic.merge',
  version: 1,
  kind: 'logic',
  title: 'Merge',
  description: 'Joins branches: continues with the values of the branches that ran.',
  category: 'Logic',
  icon: 'merge',
  inputs: { in: { type: 'any', multiple: true, description: 'Any number of branches; dead ones are left out.' } },
  outputs: {
    out: { type: 'any', description: 'The value of the first branch that ran (in edge order).' },
    all: { type: 'list', description: 'The values of every branch that ran, in edge order.' },
  },
  config: z.object({}),
});
