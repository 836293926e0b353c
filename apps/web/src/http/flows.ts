import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { baseRevision, revisionTag } from './if-match.ts';

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

  app.get<FlowParams>('/api/v1/flows/:flowId', async (request, reply) => {
    const flow = await service.getFlow(request.params.flowId);
    return reply.header('etag', revisionTag(flow.draftRevision)).send(flow);
  });

  // If-Match names the revision the edit is based on: a draft saved since then is a 409 draft_conflict.
  // Without it the draft is replaced whatever its revision, as before revisions existed.
  app.put<FlowParams>('/api/v1/flows/:flowId', { bodyLimit }, async (request, reply) => {
    const flow = await service.updateDraft(request.params.flowId, request.body, baseRevision(request.headers['if-match']));
    return reply.header('etag', revisionTag(flow.draftRevision)).send(flow);
  });

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

  app.post<FlowParams>('/api/v1/flows/:flowId/publish', async (request, reply) => {
    const published = await service.publish(request.params.flowId);
    return reply.code(201).send(published);
  });
}
