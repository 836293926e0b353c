import type { ToolSpec } from '@switchboard/models';
import type { MathJsInstance } from 'mathjs';
import { z } from 'zod';
import type { BUILTIN_TOOLS } from './definition.ts';

export interface BuiltinTool {
  spec: ToolSpec;
  run(args: unknown): Promise<unknown>;
}

// The calculator evaluates what a chat user may have written, synchronously: it must neither run code
// nor run long. An expression is parsed first and allowed only when it is arithmetic on numbers and
// units, with a short list of functions: no assignments, no function definitions, no matrices or
// ranges, no property access. Factorials and powers of plain numbers are cheap (they overflow to
// Infinity), so nothing allowed can take long.
//
// math.js is loaded on the first calculation: with all its functions it holds about 100 MB, which a
// server whose agents never calculate should not carry.
let mathjs: Promise<MathJsInstance> | undefined;
function loadMath(): Promise<MathJsInstance> {
  return (mathjs ??= import('mathjs').then(({ create, all }) => create(all ?? {})));
}
const MAX_NODES = 200;
const FUNCTIONS = new Set(['abs', 'sqrt', 'cbrt', 'exp', 'log', 'log10', 'log2', 'round', 'floor', 'ceil', 'min', 'max', 'mod', 'pow', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'hypot', 'gcd', 'lcm']);
const CONSTANTS = new Set(['pi', 'e', 'tau', 'phi', 'Infinity']);
const OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus', 'factorial', 'to', 'dotMultiply', 'dotDivide']);

function calculate(math: MathJsInstance, expression: string): unknown {
  const tree = math.parse(expression);
  let count = 0;
  tree.traverse((node, _path, parent) => {
    count += 1;
    if (count > MAX_NODES) throw new Error(`the expression is too long: at most ${MAX_NODES} parts`);
    if (math.isConstantNode(node) || math.isParenthesisNode(node)) return;
    if (math.isOperatorNode(node)) {
      if (!OPERATORS.has(node.fn)) throw new Error(`"${node.op}" is not allowed in the calculator`);
      return;
    }
    if (math.isFunctionNode(node)) {
      if (!math.isSymbolNode(node.fn) || !FUNCTIONS.has(node.fn.name)) throw new Error(`the calculator has no function "${node.fn.toString()}": use ${[...FUNCTIONS].join(', ')}`);
      return;
    }
    if (math.isSymbolNode(node)) {
      // A function's name is a symbol under its FunctionNode, checked there.
      if (math.isFunctionNode(parent) && parent.fn === node) return;
      if (CONSTANTS.has(node.name) || math.Unit.isValuelessUnit(node.name)) return;
      throw new Error(`unknown name "${node.name}": the calculator knows numbers, units (km, kg, h …) and pi, e`);
    }
    throw new Error(`${node.type.replace(/Node$/, '').toLowerCase()} expressions are not allowed in the calculator: write plain arithmetic`);
  });
  return tree.evaluate();
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
    run: async (args) => {
      const { expression } = parse(CalculatorArgs, args, 'calculator');
      const math = await loadMath();
      const value: unknown = calculate(math, expression);
      return math.format(value, { precision: 14 });
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

/** A built-in tool; its errors (bad arguments, a refused expression) reject the promise it returns. */
export function builtinTool(name: (typeof BUILTIN_TOOLS)[number]): BuiltinTool {
  const tool = builtins[name];
  return { spec: tool.spec, run: (args) => Promise.resolve(args).then((value) => tool.run(value)) };
}

function parse<T>(schema: z.ZodType<T>, args: unknown, tool: string): T {
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw new Error(`${tool}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}
