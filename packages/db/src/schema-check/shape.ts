/**
 * A database shape is a set of lines, one per table, column, index and foreign key, rendered the
 * same way from schema.prisma and from the live database, so that a difference reads plainly.
 */
export type ShapeLine = string;

export function describeColumn(table: string, column: string, type: string, nullable: boolean, defaultExpr: string | null): ShapeLine {
  const defaultPart = defaultExpr === null ? '' : ` DEFAULT ${defaultExpr}`;
  return `column ${table}.${column} ${type}${nullable ? '' : ' NOT NULL'}${defaultPart}`;
}

export function describeIndex(kind: 'primary key' | 'unique index' | 'index', name: string, table: string, columns: string[]): ShapeLine {
  return `${kind} ${name} on ${table} (${columns.join(', ')})`;
}

export function describeForeignKey(
  name: string,
  table: string,
  columns: string[],
  refTable: string,
  refColumns: string[],
  onDelete: string,
  onUpdate: string,
): ShapeLine {
  return `foreign key ${name} on ${table} (${columns.join(', ')}) references ${refTable} (${refColumns.join(', ')}) on delete ${onDelete} on update ${onUpdate}`;
}

export interface ShapeDiff {
  /** In schema.prisma, not in the database. */
  missing: ShapeLine[];
  /** In the database, not in schema.prisma. */
  unexpected: ShapeLine[];
}

export function diffShapes(expected: ShapeLine[], actual: ShapeLine[]): ShapeDiff {
  const want = new Set(expected);
  const have = new Set(actual);
  return {
    missing: [...want].filter((line) => !have.has(line)).sort(),
    unexpected: [...have].filter((line) => !want.has(line)).sort(),
  };
}

export function formatDiff(diff: ShapeDiff): string {
  if (diff.missing.length === 0 && diff.unexpected.length === 0) return 'schema.prisma and the database agree';
  return [
    ...diff.missing.map((line) => `- in schema.prisma, not in the database: ${line}`),
    ...diff.unexpected.map((line) => `+ in the database, not in schema.prisma: ${line}`),
  ].join('\n');
}
