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

  app.get<FlowParams>('/api/v1/flows/:flowId/export', async (request, reply) => {
    const [text, flow] = await Promise.all([service.exportFlow(request.params.flowId), service.getFlow(request.params.flowId)]);
    const file = `${flow.name.replace(/[^A-Za-z0-9 _-]+/g, '').trim().replace(/\s+/g, '-').toLowerCase() || 'flow'}.json`;
    return reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', `attachment; filename="${file}"`).send(text);
  });

  // Before an import: what the document still needs here (node types, credentials), for a checklist.
  app.post('/api/v1/flows/import-check', { bodyLimit }, async (request) => {
    const { checks } = await service.checkImport(request.body);
    return { checks };
  });

  app.get('/api/v1/templates', async () => ({ items: await service.listTemplates() }));

  app.post<{ Params: { templateId: string } }>('/api/v1/templates/:templateId/flows', async (request, reply) => {
    const flow = await service.createFromTemplate(request.params.templateId);
    return reply.code(201).send(flow);
  });

  app.post<FlowParams>('/api/v1/flows/:flowId/publish', async (request, reply) => {
    const published = await service.publish(request.params.flowId);
    return reply.code(201).send(published);
  });
}
