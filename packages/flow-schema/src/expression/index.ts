// The expression language of flow config fields: `Hello {{ message.text | upper }}`.
export type { Reference, ReferenceRoot } from './ast.ts';
export { ExpressionError } from './error.ts';
export type { Scope } from './evaluate.ts';
export { FILTERS } from './filters.ts';
export { hasTemplate, parseTemplate, type Template } from './template.ts';
