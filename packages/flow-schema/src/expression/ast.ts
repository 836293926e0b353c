import type { FilterDefinition } from './filters.ts';

export type ReferenceRoot = 'message' | 'nodes' | 'vars';

/** A path read by an expression: nodes.llm-1.text → { root: 'nodes', path: ['llm-1', 'text'] }. */
export interface Reference {
  root: ReferenceRoot;
  /** Stops at the first computed (non-literal) index. */
  path: string[];
}

/** Every node carries the offset of its first character in the template source, for error messages. */
export interface Literal {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
  readonly position: number;
}

/** `.name`, `["key"]` and `[0]` are known at parse time; `[vars.key]` is computed on every evaluation. */
export type Segment =
  | { readonly kind: 'key'; readonly key: string | number; readonly position: number }
  | { readonly kind: 'computed'; readonly expression: Expression; readonly position: number };

export interface Path {
  readonly kind: 'path';
  readonly root: ReferenceRoot;
  readonly segments: readonly Segment[];
  readonly position: number;
}

export type Primary = Literal | Path;

export interface FilterCall {
  /** Resolved at parse time, so evaluation never looks filters up by name. */
  readonly definition: FilterDefinition;
  readonly args: readonly Primary[];
  readonly position: number;
}

/** `head | filter | filter(arg)`: the filters apply left to right. */
export interface Expression {
  readonly head: Primary;
  readonly filters: readonly FilterCall[];
  readonly position: number;
}

/** A template is literal text and `{{ }}` expressions; `position` is the offset of the `{{`. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly expression: Expression; readonly position: number };
