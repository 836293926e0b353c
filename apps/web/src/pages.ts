import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import nextModule from 'next';

export interface Pages {
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

type CreateNext = typeof nextModule.default;

function isCreateNext(value: unknown): value is CreateNext {
  return typeof value === 'function';
}

/**
 * Node hands an ES module `module.exports` of this CommonJS package, which is the factory itself;
 * TypeScript's nodenext view puts the factory under `.default`. Accept both.
 */
function createNextFactory(): CreateNext {
  const loaded: unknown = nextModule;
  return isCreateNext(loaded) ? loaded : nextModule.default;
}

/** The built Next.js app (pages, assets) served in this process; `next build` must have run. */
export async function loadPages(dir: string): Promise<Pages> {
  const app = createNextFactory()({ dev: false, dir });
  await app.prepare();
  const handle = app.getRequestHandler();
  return { handle: (request, response) => handle(request, response), close: () => app.close() };
}

/** Fastify owns /api; everything else belongs to Next. */
export function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/api?');
}

/**
 * Hands every non-API request to Next before Fastify reads the body: hijacking in `onRequest` is the
 * last point where the request is untouched (a catch-all route is too late: the body is consumed).
 */
export function serveNonApiWithPages(app: FastifyInstance, pages: Pages): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (isApiPath(request.url)) {
      done();
      return;
    }
    reply.hijack();
    const res = reply.raw;
    pages.handle(request.raw, res).catch((error: unknown) => {
      request.log.error({ err: error }, 'the page handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      if (!res.writableEnded) res.end('Internal Server Error');
    });
    done();
  });
}
