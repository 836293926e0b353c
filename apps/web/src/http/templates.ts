import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from './validate.ts';

const SaveTemplate = z.strictObject({
  flowId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'flowId must be the id of a flow (a UUID, as GET /api/v1/flows lists them)'),
  name: z.string().trim().min(1, 'name must not be empty; leave it out to use the flow\'s name').max(200, 'name must be at most 200 characters').optional(),
  description: z.string().trim().max(2000, 'description must be at most 2000 characters').optional(),
});

interface TemplateParams {
  Params: { templateId: string };
}

/** The template gallery: built-in templates and flows saved as templates on this instance. */
export function templateRoutes(app: FastifyInstance, service: SwitchboardService): void {
  app.get('/api/v1/templates', async () => ({ items: await service.listTemplates() }));

  app.post('/api/v1/templates', async (request, reply) => {
    const { flowId, name, description } = parseInput(SaveTemplate, request.body ?? {}, 'body');
    const template = await service.saveTemplate({ flowId, ...(name === undefined ? {} : { name }), ...(description === undefined ? {} : { description }) });
    return reply.code(201).send(template);
  });

  app.delete<TemplateParams>('/api/v1/templates/:templateId', async (request, reply) => {
    await service.deleteTemplate(request.params.templateId);
    return reply.code(204).send();
  });

  app.post<TemplateParams>('/api/v1/templates/:templateId/flows', async (request, reply) => {
    const flow = await service.createFromTemplate(request.params.templateId);
    return reply.code(201).send(flow);
  });
}
