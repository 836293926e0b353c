import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';

/** Managing flows as a whole (the list page's actions); the document itself is edited through flows.ts. */
export function flowAdminRoutes(app: FastifyInstance, service: SwitchboardService): void {
  app.delete<{ Params: { flowId: string } }>('/api/v1/flows/:flowId', async (request, reply) => {
    await service.deleteFlow(request.params.flowId);
    return reply.code(204).send();
  });
}
