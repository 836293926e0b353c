import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** What a route of a local server answers; `respond` writes it, after `delayMs` if set. */
export type Reply = JsonReply | SseReply | RawReply;

interface ReplyTiming {
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface JsonReply extends ReplyTiming {
  kind: 'json';
  status: number;
  body: unknown;
}

/** A Server-Sent Events stream, its frames already in the protocol's form (`data: …\n\n`, `event: …`). */
export interface SseReply extends ReplyTiming {
  kind: 'sse';
  frames: string[];
  /** Pause between frames, to make a stream slow enough to watch. */
  frameDelayMs?: number;
}

/** A body that is not JSON: audio bytes, a plain-text transcript. */
export interface RawReply extends ReplyTiming {
  kind: 'raw';
  status: number;
  contentType: string;
  body: Uint8Array | string;
}

/**
 * Writes a reply after its delay, with the request id header the real API sends. The delays are
 * cancelled when the client goes away or the server closes (`signal`), so a timed-out request neither
 * writes to a dead socket nor keeps a timer alive.
 */
export async function respond(res: ServerResponse, reply: Reply, requestId: { header: string; value: string }, signal: AbortSignal): Promise<void> {
  const wait = (ms: number | undefined): Promise<boolean> => (ms !== undefined && ms > 0 ? sleep(ms, true, { signal }).catch(() => false) : Promise.resolve(true));
  if (!(await wait(reply.delayMs)) || res.destroyed) return;
  const headers = { [requestId.header]: requestId.value, ...reply.headers };
  switch (reply.kind) {
    case 'json':
      res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
      return;
    case 'sse':
      res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      for (const [index, frame] of reply.frames.entries()) {
        if (index > 0 && !(await wait(reply.frameDelayMs))) return;
        res.write(frame);
      }
      res.end();
      return;
    case 'raw':
      res.writeHead(reply.status, { ...headers, 'content-type': reply.contentType });
      res.end(reply.body);
      return;
  }
}
