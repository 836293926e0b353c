import type { LiveEvent } from '@switchboard/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './errors.ts';

export const NDJSON = 'application/x-ndjson';

/** `?stream=1` (or `true`), or an Accept header asking for NDJSON. */
export function wantsStream(request: FastifyRequest<{ Querystring: { stream?: string } }>): boolean {
  const { stream } = request.query;
  if (stream === '1' || stream === 'true') return true;
  return request.headers.accept?.includes(NDJSON) ?? false;
}

/**
 * Answers a chat turn as NDJSON: one LiveEvent per line as it happens, then `{type:"result"}`.
 * The response starts with the first event, so a turn refused up front (unknown flow, not published …)
 * still gets its ordinary status and JSON error; after that, an error becomes a final `{type:"error"}` line.
 * A client that goes away stops the writing, not the turn: the run is recorded either way.
 */
export async function streamTurn(
  reply: FastifyReply,
  bodyLimit: number,
  run: (onEvent: (event: LiveEvent) => void) => Promise<object>,
): Promise<void> {
  const res = reply.raw;
  // An object, not a `let`: the flag flips inside the callback, where TypeScript's narrowing can't see it.
  const state = { started: false };

  const writeLine = (line: unknown) => {
    if (!state.started) {
      state.started = true;
      // From here on Fastify stays out: we own the socket and write each line as soon as it exists.
      reply.hijack();
      res.writeHead(200, {
        'content-type': `${NDJSON}; charset=utf-8`,
        'cache-control': 'no-store',
        'x-accel-buffering': 'no', // ask proxies such as nginx not to buffer the stream
      });
    }
    if (!res.destroyed && !res.writableEnded) res.write(`${JSON.stringify(line)}\n`);
  };

  let result: object;
  try {
    result = await run(writeLine);
  } catch (error) {
    if (!state.started) throw error; // nothing sent yet: the error handler answers with the right status
    const { body } = toErrorResponse(error, { bodyLimit, log: reply.log });
    writeLine({ type: 'error', error: body });
    res.end();
    return;
  }
  writeLine({ type: 'result', ...result });
  res.end();
}
