import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from './validate.ts';

const VersionParams = z.object({
  flowId: z.string(),
  version: z.string().regex(/^[1-9][0-9]{0,8}$/, 'a version is a whole number from 1').transform(Number),
});

/** Published versions of a flow: read one, or copy it back into the draft. */
export function versionRoutes(app: FastifyInstance, service: SwitchboardService): void {
  app.get('/api/v1/flows/:flowId/versions/:version', async (request) => {
    const { flowId, version } = parseInput(VersionParams, request.params, 'path');
    return service.getFlowVersion(flowId, version);
  });

  app.post('/api/v1/flows/:flowId/versions/:version/restore', async (request) => {
    const { flowId, version } = parseInput(VersionParams, request.params, 'path');
    return service.restoreFlowVersion(flowId, version);
  });
}
