import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';

export function healthRoutes(app: FastifyInstance, service: SwitchboardService): void {
  const { database, queue, version } = service.info;
  app.get('/api/health', async (_request, reply) => {
    // A ping that throws is as unhealthy as one that answers false.
    const up = await service.ping().catch(() => false);
    if (!up) reply.code(503);
    return { status: up ? 'ok' : 'degraded', database, queue, version };
  });

  // Queue figures for operators: jobs per queue and the inbox backlog (queue mode), or busy conversations.
  app.get('/api/v1/ops/queues', async () => service.queueFigures());
}
