import type { Expression, FilterCall, Path, Primary, Segment } from './ast.ts';
import { FORBIDDEN_KEYS, isList, isPlainObject } from './values.ts';

export interface Scope {
  /** The inbound event object. */
  message: unknown;
  /** Outputs per node id, per port. */
  nodes: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  vars: Readonly<Record<string, unknown>>;
}

export type Evaluator = (scope: Scope) => unknown;

/** A key prepared once: `index` is its value as a list index, or -1 when it is not one. */
interface Key {
  readonly name: string;
  readonly index: number;
}

/**
 * Turns a parsed expression into a closure, once, at compile time. Evaluating is then a walk over
 * prepared keys and resolved filters: no parsing, no lookups by name, and it never throws.
 */
export function compileExpression(expression: Expression): Evaluator {
  let evaluate = compilePrimary(expression.head);
  for (const filter of expression.filters) evaluate = compileFilter(evaluate, filter);
  return evaluate;
}

function compilePrimary(primary: Primary): Evaluator {
  if (primary.kind === 'literal') {
    const { value } = primary;
    return () => value;
  }
  return compilePath(primary);
}

function compilePath(path: Path): Evaluator {
  const { root } = path;
  const steps = path.segments.map(compileSegment);
  return (scope) => {
    let value: unknown = scope[root];
    for (const step of steps) {
      if (value === undefined) return undefined;
      const key = typeof step === 'function' ? toKey(step(scope)) : step;
      value = key === undefined ? undefined : read(value, key);
    }
    return value;
  };
}

function compileSegment(segment: Segment): Key | Evaluator {
  if (segment.kind === 'computed') return compileExpression(segment.expression);
  const { key } = segment;
  return typeof key === 'number' ? { name: String(key), index: key } : { name: key, index: listIndex(key) };
}

function compileFilter(input: Evaluator, call: FilterCall): Evaluator {
  const { apply } = call.definition;
  const constant = literalArgs(call.args);
  if (constant !== undefined) return (scope) => apply(input(scope), constant);
  const args = call.args.map(compilePrimary);
  return (scope) => apply(input(scope), args.map((arg) => arg(scope)));
}

/** Literal-only arguments are built once rather than on every evaluation. */
function literalArgs(args: readonly Primary[]): readonly unknown[] | undefined {
  const values: unknown[] = [];
  for (const arg of args) {
    if (arg.kind !== 'literal') return undefined;
    values.push(arg.value);
  }
  return values;
}

/** A computed index: strings and numbers only, and never a key leading to a prototype. */
function toKey(value: unknown): Key | undefined {
  if (typeof value === 'number') return { name: String(value), index: Number.isInteger(value) && value >= 0 ? value : -1 };
  if (typeof value === 'string' && !FORBIDDEN_KEYS.has(value)) return { name: value, index: listIndex(value) };
  return undefined;
}

function listIndex(name: string): number {
  const index = Number(name);
  return Number.isInteger(index) && index >= 0 && String(index) === name ? index : -1;
}

/** Own properties of plain objects and lists only: nothing inherited, nothing from class instances. */
function read(container: unknown, key: Key): unknown {
  if (isList(container)) {
    if (key.index >= 0) return container[key.index];
    return key.name === 'length' ? container.length : undefined;
  }
  return isPlainObject(container) && Object.hasOwn(container, key.name) ? container[key.name] : undefined;
}
