import type { IncomingMessage } from 'node:http';
import { buffer } from 'node:stream/consumers';

/** A request body as the fakes route it: JSON, multipart fields and files, or text that is neither. */
export type RequestBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; fields: Record<string, string>; files: Map<string, File> }
  | { kind: 'text'; text: string };

export async function readBody(req: IncomingMessage): Promise<RequestBody> {
  const raw = await buffer(req);
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.toLowerCase().startsWith('multipart/form-data')) return (await parseForm(raw, contentType)) ?? { kind: 'text', text: raw.toString('utf8') };
  return parseJson(raw.toString('utf8'));
}

/** What a test reads back: the JSON value, the text fields with each file as `{ name, size, type }`, or the raw text. */
export function recordedBody(body: RequestBody): unknown {
  switch (body.kind) {
    case 'json':
      return body.value;
    case 'text':
      return body.text;
    case 'form': {
      const files = [...body.files].map(([name, file]) => [name, { name: file.name, size: file.size, type: file.type }]);
      return { ...body.fields, ...Object.fromEntries(files) };
    }
  }
}

// Node's WHATWG Request already speaks multipart; no parser of our own to get wrong.
async function parseForm(raw: Buffer<ArrayBuffer>, contentType: string): Promise<RequestBody | undefined> {
  const request = new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': contentType }, body: raw });
  const form = await request.formData().catch(() => undefined);
  if (form === undefined) return undefined;
  const fields: Record<string, string> = {};
  const files = new Map<string, File>();
  for (const [name, value] of form) {
    if (typeof value === 'string') fields[name] = value;
    else files.set(name, value);
  }
  return { kind: 'form', fields, files };
}

function parseJson(raw: string): RequestBody {
  if (raw === '') return { kind: 'json', value: undefined };
  try {
    const value: unknown = JSON.parse(raw);
    return { kind: 'json', value };
  } catch {
    return { kind: 'text', text: raw };
  }
}
