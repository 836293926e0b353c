/** A template that cannot be parsed. `position` is the 0-based offset in `source` the editor should highlight. */
export class ExpressionError extends Error {
  readonly position: number;
  readonly source: string;

  constructor(message: string, source: string, position: number) {
    super(message);
    this.name = 'ExpressionError';
    this.source = source;
    this.position = position;
  }
}
