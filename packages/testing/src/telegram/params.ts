import type { IncomingMessage } from 'node:http';
import { buffer } from 'node:stream/consumers';
import { badRequest } from './errors.ts';

export interface Upload {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/**
 * A Bot API call's parameters, from wherever the client put them: the query string, a JSON body, a
 * urlencoded form or multipart fields. Form and query values are strings and objects arrive as JSON
 * text, so the getters coerce the way Telegram does.
 */
export class Params {
  readonly values: Record<string, unknown>;
  readonly uploads: Map<string, Upload>;

  constructor(values: Record<string, unknown>, uploads = new Map<string, Upload>()) {
    this.values = values;
    this.uploads = uploads;
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw badRequest(`field "${name}" must be of type String`);
  }

  int(name: string): number | undefined {
    const value = this.values[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
    throw badRequest(`field "${name}" must be of type Integer`);
  }

  bool(name: string): boolean | undefined {
    const value = this.values[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw badRequest(`field "${name}" must be of type Boolean`);
  }

  /** An object or array parameter; `what` names it in Telegram's "can't parse" error. */
  json(name: string, what: string): unknown {
    const value = this.values[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value;
    try {
      const parsed: unknown = JSON.parse(value);
      return parsed;
    } catch {
      throw badRequest(`can't parse ${what} JSON object`);
    }
  }
}

/** Reads the parameters of a request to `/bot<token>/<method>`. */
export async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const values: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const uploads = new Map<string, Upload>();
  const raw = await buffer(req);
  if (raw.length === 0) return new Params(values, uploads);
  const header = req.headers['content-type'] ?? '';
  const type = header.toLowerCase();

  if (type.startsWith('application/json')) {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON request body");
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('request body must be a JSON object');
    Object.assign(values, body);
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    Object.assign(values, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
  } else if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://telegram.local/', { method: 'POST', headers: { 'content-type': header }, body: raw })
      .formData()
      .catch(() => {
        throw badRequest("can't parse multipart/form-data body");
      });
    for (const [name, value] of form) {
      if (typeof value === 'string') values[name] = value;
      else uploads.set(name, { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) });
    }
  }
  return new Params(values, uploads);
}
