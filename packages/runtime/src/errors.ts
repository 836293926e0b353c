import { SwitchboardError } from './service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function notFound(what: string, id: string): SwitchboardError {
  return new SwitchboardError(404, `${what}_not_found`, `no ${what} with id ${id}`);
}

/** Ids are UUIDs; anything else cannot exist, and must not reach the database as a malformed uuid. */
export function requireUuid(what: string, id: string): void {
  if (!UUID.test(id)) throw notFound(what, id);
}

export function isUuid(id: string): boolean {
  return UUID.test(id);
}
