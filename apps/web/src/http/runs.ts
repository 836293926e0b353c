import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';

interface RunParams {
  Params: { runId: string };
}

export function runRoutes(app: FastifyInstance, service: SwitchboardService): void {
  app.get<RunParams>('/api/v1/runs/:runId', async (request) => service.getRun(request.params.runId));

  app.get<RunParams>('/api/v1/runs/:runId/spans', async (request) => ({
    items: await service.listSpans(request.params.runId),
  }));
}
