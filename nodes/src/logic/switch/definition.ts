import { defineNode, ERROR_PORT, type PortSpec } from '@switchboard/flow-schema';
import { z } from 'zod';
import { anyValue, identifier, text } from '../../shared/fields.ts';
import { hint } from '../../shared/ui.ts';

export const DEFAULT_PORT = 'default';

const switchCase = z.object({
  port: identifier
    .refine((port) => port !== DEFAULT_PORT && port !== ERROR_PORT, `"${DEFAULT_PORT}" and "${ERROR_PORT}" are taken`)
    .meta(hint('Name of the output this case fires.', { widget: 'text' })),
  equals: text('Fires when the value, as text, is exactly this.'),
});

const config = z.object({
  value: anyValue('The value to route on, e.g. {{ message.text }}.'),
  cases: z
    .array(switchCase)
    .min(1)
    .max(20)
    .refine((cases) => new Set(cases.map((c) => c.port)).size === cases.length, 'each case needs its own port name')
    .meta(hint('Checked in order; the first match wins.', { widget: 'list' })),
});

export const switchDefinition = defineNode({
  type: 'logic.switch',
  version: 1,
  kind: 'logic',
  title: 'Switch',
  description: 'Routes to the first case whose text equals the value, or to `default`.',
  category: 'Logic',
  icon: 'split',
  inputs: { in: { type: 'any', description: 'Passed on to the port that fires.' } },
  // Until the cases are known (and for the palette) only `default` exists.
  outputs: { [DEFAULT_PORT]: { type: 'any', description: 'When no case matches.' } },
  outputsFor: (cfg) => {
    const ports: Record<string, PortSpec> = {};
    for (const c of cfg.cases) ports[c.port] = { type: 'any', label: c.port, description: `When the value is "${c.equals}".` };
    return { ...ports, [DEFAULT_PORT]: { type: 'any', description: 'When no case matches.' } };
  },
  config,
});
