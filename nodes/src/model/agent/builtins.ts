import type { ToolSpec } from '@switchboard/models';
import { create, all } from 'mathjs';
import { z } from 'zod';
import type { BUILTIN_TOOLS } from './definition.ts';

export interface BuiltinTool {
  spec: ToolSpec;
  run(args: unknown): Promise<unknown>;
}

// A math.js instance that only calculates: no importing, no defining functions, no parsing into code.
const math = create(all ?? {});
const calculate = math.evaluate.bind(math);
math.import(
  {
    import: refuse('import'),
    createUnit: refuse('createUnit'),
    evaluate: refuse('evaluate'),
    parse: refuse('parse'),
    simplify: refuse('simplify'),
    derivative: refuse('derivative'),
    resolve: refuse('resolve'),
  },
  { override: true },
);

function refuse(name: string): () => never {
  return () => {
    throw new Error(`${name} is not available in the calculator`);
  };
}

const CalculatorArgs = z.object({ expression: z.string().min(1).max(1000) });
const TimeArgs = z.object({ timeZone: z.string().max(64).optional() });

const builtins: Record<(typeof BUILTIN_TOOLS)[number], BuiltinTool> = {
  calculator: {
    spec: {
      name: 'calculator',
      description: 'Evaluates an arithmetic expression exactly, e.g. "(1234 * 0.15) + 7", "sqrt(2)", "12 % 5", "2^10", "5 km to m".',
      parameters: { type: 'object', properties: { expression: { type: 'string', description: 'The expression to evaluate.' } }, required: ['expression'] },
    },
    run: (args) => {
      const { expression } = parse(CalculatorArgs, args, 'calculator');
      const value: unknown = calculate(expression);
      return Promise.resolve(math.format(value, { precision: 14 }));
    },
  },
  current_time: {
    spec: {
      name: 'current_time',
      description: 'The current date and time, in a time zone (an IANA name such as "Europe/Paris"; UTC by default).',
      parameters: { type: 'object', properties: { timeZone: { type: 'string', description: 'IANA time zone name.' } } },
    },
    run: (args) => {
      const { timeZone = 'UTC' } = parse(TimeArgs, args, 'current_time');
      const now = new Date();
      let local: string;
      try {
        local = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'long' }).format(now);
      } catch {
        throw new Error(`unknown time zone "${timeZone}": use an IANA name such as "Europe/Paris"`);
      }
      return Promise.resolve({ utc: now.toISOString(), timeZone, local });
    },
  },
};

export function builtinTool(name: (typeof BUILTIN_TOOLS)[number]): BuiltinTool {
  return builtins[name];
}

function parse<T>(schema: z.ZodType<T>, args: unknown, tool: string): T {
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw new Error(`${tool}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}
