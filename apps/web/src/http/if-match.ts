import { SwitchboardError } from '@switchboard/runtime';

const REVISION = /^(?:W\/)?(?:"([1-9][0-9]{0,8})"|([1-9][0-9]{0,8}))$/;

/** The draft revision as an entity tag: GET and PUT of a flow send it as ETag, a PUT may name it in If-Match. */
export function revisionTag(revision: number): string {
  return `"${revision}"`;
}

/**
 * The revision a draft write is based on, from its If-Match header. No header (or `*`) means no check,
 * so API clients that never read the ETag keep overwriting as before.
 */
export function baseRevision(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined || value.trim() === '*' || value.trim() === '') return undefined;
  const match = REVISION.exec(value.trim());
  const digits = match?.[1] ?? match?.[2];
  if (digits === undefined) {
    throw new SwitchboardError(
      400,
      'invalid_if_match',
      `If-Match must be the one draft revision your edit is based on, e.g. If-Match: "3" (the draftRevision or ETag that GET /api/v1/flows/:id answered); got ${JSON.stringify(value)}`,
    );
  }
  return Number(digits);
}
