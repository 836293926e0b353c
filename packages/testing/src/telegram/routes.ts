import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './context.ts';
import { scriptedError, TelegramError } from './errors.ts';
import { findMethod } from './methods/index.ts';
import { Params, readParams } from './params.ts';
import type { RecordedCall, ScriptedFailure } from './types.ts';

export interface Router {
  token: string;
  context: ApiContext;
  calls: RecordedCall[];
  /** Scripted failures by lower-cased method name, '*' for any. */
  failures: Map<string, ScriptedFailure[]>;
}

/** Serves `/bot<token>/<method>` and `/file/bot<token>/<path>`. */
export async function handleRequest(req: IncomingMessage, res: ServerResponse, router: Router, signal: AbortSignal): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
  if (download !== null) {
    serveFile(res, router, decodeURIComponent(download[1] ?? ''), decodeURIComponent(download[2] ?? ''));
    return;
  }
  const call = /^\/bot([^/]+)\/([^/]*)$/.exec(url.pathname);
  if (call === null) {
    writeJson(res, 404, new TelegramError(404, 'Not Found').body());
    return;
  }
  try {
    if (decodeURIComponent(call[1] ?? '') !== router.token) throw new TelegramError(401, 'Unauthorized');
    const params = await readParams(req, url);
    const result = await callMethod(router, call[2] ?? '', params, signal);
    writeJson(res, 200, { ok: true, result });
  } catch (error) {
    const failure = error instanceof TelegramError ? error : new TelegramError(500, `Internal Server Error: fake Telegram failed: ${String(error)}`);
    writeJson(res, failure.status, failure.body());
  }
}

/** Runs one Bot API method, recorded, after any scripted failure for it. Also used for webhook replies. */
export async function callMethod(router: Router, methodName: string, params: Params, signal: AbortSignal): Promise<unknown> {
  const method = findMethod(methodName);
  router.calls.push({ method: method?.name ?? methodName, at: Date.now(), params: params.values });
  if (method === undefined) throw new TelegramError(404, 'Not Found');
  const scripted = takeFailure(router.failures, method.name.toLowerCase()) ?? takeFailure(router.failures, '*');
  if (scripted !== undefined) throw scriptedError(scripted);
  return await method.handler(params, router.context, signal);
}

function takeFailure(failures: Map<string, ScriptedFailure[]>, key: string): ScriptedFailure | undefined {
  return failures.get(key)?.shift();
}

function serveFile(res: ServerResponse, router: Router, token: string, path: string): void {
  if (token !== router.token) {
    writeJson(res, 401, new TelegramError(401, 'Unauthorized').body());
    return;
  }
  const file = router.context.store.fileByPath(path);
  if (file === undefined) {
    writeJson(res, 404, new TelegramError(404, 'Not Found').body());
    return;
  }
  res.writeHead(200, { 'content-type': file.mime ?? 'application/octet-stream', 'content-length': file.bytes.length });
  res.end(file.bytes);
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
