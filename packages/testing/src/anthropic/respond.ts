import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reply } from './reply.ts';

/**
 * Writes a reply after its delay, with the `request-id` header every Anthropic response carries. The
 * delay is cancelled when the client goes away or the server closes (`signal`).
 */
export async function respond(res: ServerResponse, reply: Reply, requestId: string, signal: AbortSignal): Promise<void> {
  if (reply.delayMs !== undefined && reply.delayMs > 0) {
    const waited = await sleep(reply.delayMs, true, { signal }).catch(() => false);
    if (!waited) return;
  }
  if (res.destroyed) return;
  const headers = { 'request-id': requestId, ...reply.headers };
  switch (reply.kind) {
    case 'json':
      res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
      return;
    case 'sse':
      res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      for (const event of reply.events) res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      res.end();
      return;
  }
}
