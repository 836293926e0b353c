import type { Expression, Primary, Reference } from './ast.ts';

/** Every path an expression reads, in order of first appearance, without duplicates. */
export function collectReferences(expressions: readonly Expression[]): Reference[] {
  const references: Reference[] = [];
  const seen = new Set<string>();

  const visitPrimary = (primary: Primary): void => {
    if (primary.kind === 'literal') return;
    const path: string[] = [];
    let computed = false;
    for (const segment of primary.segments) {
      if (segment.kind === 'computed') computed = true;
      // The compiler can only check what is known before evaluation: stop at the first computed index.
      else if (!computed) path.push(String(segment.key));
    }
    const id = JSON.stringify([primary.root, ...path]);
    if (!seen.has(id)) {
      seen.add(id);
      references.push({ root: primary.root, path });
    }
    for (const segment of primary.segments) if (segment.kind === 'computed') visitExpression(segment.expression);
  };

  const visitExpression = (expression: Expression): void => {
    visitPrimary(expression.head);
    for (const filter of expression.filters) filter.args.forEach(visitPrimary);
  };

  expressions.forEach(visitExpression);
  return references;
}
