const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuid columns: a malformed id can match no row (and Postgres would reject it). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
