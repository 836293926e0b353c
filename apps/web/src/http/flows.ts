import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';

interface FlowParams {
  Params: { flowId: string };
}

/** Flow documents are checked by the service (it migrates old versions first), so bodies pass through. */
export function flowRoutes(app: FastifyInstance, service: SwitchboardService, bodyLimit: number): void {
  app.post('/api/v1/flows', { bodyLimit }, async (request, reply) => {
    const flow = await service.importFlow(request.body);
    return reply.code(201).send(flow);
  });

  app.get('/api/v1/flows', async () => ({ items: await service.listFlows() }));

  app.get<FlowParams>('/api/v1/flows/:flowId', async (request) => service.getFlow(request.params.flowId));

  app.put<FlowParams>('/api/v1/flows/:flowId', { bodyLimit }, async (request) =>
    service.updateDraft(request.params.flowId, request.body),
  );

  app.post<FlowParams>('/api/v1/flows/:flowId/publish', async (request, reply) => {
    const published = await service.publish(request.params.flowId);
    return reply.code(201).send(published);
  });
}
