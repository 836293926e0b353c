import type { Expression, Reference, TemplatePart } from './ast.ts';
import { compileExpression, type Evaluator, type Scope } from './evaluate.ts';
import { parseParts } from './parser.ts';
import { collectReferences } from './references.ts';
import { stringify } from './values.ts';

export interface Template {
  readonly source: string;
  /** true when the source is exactly one {{ }} (surrounding whitespace allowed): evaluate returns the raw value (object, number…). Otherwise evaluate returns a string. */
  readonly isSingleExpression: boolean;
  readonly references: readonly Reference[];
  evaluate(scope: Scope): unknown;
}

/** Cheap: does the string contain '{{'. Strings without it are plain text and need no parsing. */
export function hasTemplate(source: string): boolean {
  return source.includes('{{');
}

/** Parses and prepares a template once; evaluate it as often as needed. Throws ExpressionError. */
export function parseTemplate(source: string): Template {
  const parts = parseParts(source);
  const expressions = parts.flatMap((part) => (part.kind === 'expression' ? [part.expression] : []));
  const single = singleExpression(parts);
  return Object.freeze({
    source,
    isSingleExpression: single !== undefined,
    references: Object.freeze(collectReferences(expressions)),
    evaluate: single === undefined ? compileInterpolation(parts) : compileExpression(single),
  });
}

/** The one expression of `  {{ x }}  `; undefined when there is other text or more than one. */
function singleExpression(parts: readonly TemplatePart[]): Expression | undefined {
  let found: Expression | undefined;
  for (const part of parts) {
    if (part.kind === 'text') {
      if (part.text.trim() !== '') return undefined;
    } else if (found === undefined) {
      found = part.expression;
    } else {
      return undefined;
    }
  }
  return found;
}

function compileInterpolation(parts: readonly TemplatePart[]): Evaluator {
  const pieces = parts.map((part) => (part.kind === 'text' ? part.text : compileExpression(part.expression)));
  if (pieces.every((piece) => typeof piece === 'string')) {
    const text = pieces.join('');
    return () => text;
  }
  return (scope) => {
    let out = '';
    for (const piece of pieces) out += typeof piece === 'string' ? piece : stringify(piece(scope));
    return out;
  };
}
