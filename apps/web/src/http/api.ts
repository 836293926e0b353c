import type { SwitchboardService } from '@switchboard/runtime';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { channelRoutes } from './channels.ts';
import { chatRoutes } from './chat.ts';
import { conversationRoutes } from './conversations.ts';
import { credentialRoutes } from './credentials.ts';
import { toErrorResponse } from './errors.ts';
import { flowAdminRoutes } from './flow-admin.ts';
import { flowRoutes } from './flows.ts';
import { healthRoutes } from './health.ts';
import { installJsonParser } from './json-parser.ts';
import { personaRoutes } from './personas.ts';
import { playgroundRoutes } from './playground.ts';
import { runRoutes } from './runs.ts';
import { templateRoutes } from './templates.ts';
import { usageRoutes } from './usage.ts';
import { modelRoutes } from './models.ts';
import { versionRoutes } from './versions.ts';
import { webchatRoutes } from './webchat.ts';
import { webhookRoutes } from './webhook.ts';

export interface ApiOptions {
  /** Largest chat or webhook body accepted, in bytes; bigger ones get 413. */
  bodyLimit: number;
  /** Largest flow document accepted, in bytes (default 5 MiB): documents are far bigger than messages. */
  flowBodyLimit?: number;
  logger: boolean;
  /** Pino level when `logger` is on (default info). Requests are never logged per line. */
  logLevel?: string;
}

const DEFAULT_FLOW_BODY_LIMIT = 5 * 1024 * 1024;

/** The JSON API under /api: everything goes through `service`, so this layer only shapes HTTP. */
export function buildApi(service: SwitchboardService, options: ApiOptions): FastifyInstance {
  const flowBodyLimit = options.flowBodyLimit ?? DEFAULT_FLOW_BODY_LIMIT;
  const app = Fastify({
    logger: options.logger ? { level: options.logLevel ?? 'info' } : false,
    // The hot path: one log line per request would cost more than the routing.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
  });

  installJsonParser(app);

  app.setErrorHandler((error, request, reply) => {
    const { bodyLimit } = request.routeOptions; // each route's own limit, for the 413 message
    const { status, body } = toErrorResponse(error, { bodyLimit, log: request.log });
    return reply.code(status).send({ error: body });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.replace(/\?.*$/s, '');
    const message = `no API route for ${request.method} ${path}`;
    return reply.code(404).send({ error: { code: 'not_found', message, details: null } });
  });

  healthRoutes(app, service);
  flowRoutes(app, service, flowBodyLimit);
  flowAdminRoutes(app, service);
  templateRoutes(app, service);
  chatRoutes(app, service, options.bodyLimit);
  playgroundRoutes(app, service, options.bodyLimit);
  // Webhook bodies are third-party payloads, not typed messages, but the same cap keeps them cheap.
  webhookRoutes(app, service, options.bodyLimit);
  conversationRoutes(app, service);
  runRoutes(app, service);
  versionRoutes(app, service);
  credentialRoutes(app, service);
  channelRoutes(app, service, options.bodyLimit);
  personaRoutes(app, service);
  usageRoutes(app, service);
  modelRoutes(app, service);
  webchatRoutes(app, service, options.bodyLimit);
  return app;
}
