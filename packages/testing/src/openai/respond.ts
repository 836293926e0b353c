import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reply } from './reply.ts';

/**
 * Writes a reply after its delay. The delay is cancelled when the client goes away or the server
 * closes (`signal`), so a timed-out request neither writes to a dead socket nor keeps a timer alive.
 */
export async function respond(res: ServerResponse, reply: Reply, requestId: string, signal: AbortSignal): Promise<void> {
  if (reply.delayMs !== undefined && reply.delayMs > 0) {
    const waited = await sleep(reply.delayMs, true, { signal }).catch(() => false);
    if (!waited) return;
  }
  if (res.destroyed) return;
  const headers = { 'x-request-id': requestId, ...reply.headers };
  switch (reply.kind) {
    case 'json':
      res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
      return;
    case 'sse':
      res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      for (const [index, chunk] of reply.chunks.entries()) {
        if (index > 0 && reply.chunkDelayMs !== undefined && reply.chunkDelayMs > 0) {
          const waited = await sleep(reply.chunkDelayMs, true, { signal }).catch(() => false);
          if (!waited) return;
        }
        res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      }
      res.end('data: [DONE]\n\n');
      return;
    case 'raw':
      res.writeHead(reply.status, { ...headers, 'content-type': reply.contentType });
      res.end(reply.body);
      return;
  }
}
