import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Answers one request; `signal` aborts when the client goes away or the server closes. */
export type LocalHandler = (req: IncomingMessage, res: ServerResponse, signal: AbortSignal) => Promise<void>;

export interface LocalHttpServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `handle` on 127.0.0.1. A handler that throws answers 500 with `failureBody(error)` so a bug in
 * a fake fails the test that hit it instead of hanging it.
 */
export async function listenLocally(port: number, handle: LocalHandler, failureBody: (error: unknown) => unknown): Promise<LocalHttpServer> {
  // Keep-alive connections would make server.close() wait for their idle timeout, and delayed
  // answers for their delay: close() destroys the sockets and cancels the delays instead.
  const sockets = new Set<Socket>();
  const closing = new AbortController();

  const server = createServer((req, res) => {
    const gone = new AbortController();
    res.on('close', () => {
      // Only a client that left before the answer was sent is gone; aborting after every answer would
      // build an AbortError each time, a tenth of this server's CPU under benchmark load.
      if (!res.writableFinished) gone.abort();
    });
    handle(req, res, AbortSignal.any([gone.signal, closing.signal])).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(failureBody(error)));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test server has no TCP address');

  return {
    port: address.port,
    close: async () => {
      if (!server.listening) return;
      closing.abort();
      const closed = new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** Node's header object with repeated headers joined, as tests want to read them. */
export function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}
