import type { IncomingMessage } from 'node:http';
import { buffer } from 'node:stream/consumers';

export interface WebRequest {
  params: Record<string, unknown>;
  /** Bearer token, else the `token` parameter (which Slack ignores in JSON bodies). */
  token: string | undefined;
  /** Uploaded file parts of a multipart body, by field name. */
  uploads: Map<string, Buffer>;
}

/** Reads a Web API call as Slack does: query string plus a form-encoded, JSON or multipart body. */
export async function readWebRequest(req: IncomingMessage): Promise<WebRequest> {
  const raw = await buffer(req);
  const contentType = req.headers['content-type'] ?? '';
  const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
  const params: Record<string, unknown> = Object.fromEntries(query);
  const uploads = new Map<string, Buffer>();
  let tokenInBody = true;
  if (contentType.startsWith('application/json')) {
    tokenInBody = false;
    const parsed = parseJson(raw.toString('utf8'));
    if (isRecord(parsed)) Object.assign(params, parsed);
  } else if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    for (const [name, value] of form) {
      if (typeof value === 'string') params[name] = value;
      else uploads.set(name, Buffer.from(await value.arrayBuffer()));
    }
  } else {
    Object.assign(params, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
  }
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const bodyToken = tokenInBody ? params.token : query.get('token');
  return { params, token: bearer ?? (typeof bodyToken === 'string' ? bodyToken : undefined), uploads };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A parameter as text; form bodies carry numbers and booleans as text too. */
export function text(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A structured parameter (blocks, files): JSON text in form bodies, a value in JSON bodies. */
export function structured(params: Record<string, unknown>, name: string): { ok: true; value: unknown } | { ok: false } {
  const value = params[name];
  if (typeof value !== 'string') return { ok: true, value };
  const parsed = parseJson(value);
  return parsed === undefined ? { ok: false } : { ok: true, value: parsed };
}
