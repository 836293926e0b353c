import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from './validate.ts';

const UsageQuery = z.strictObject({
  days: z.coerce.number().int('days must be a whole number').min(1, 'days must be at least 1').max(366, 'days must be at most 366').default(7),
  flowId: z.uuid('flowId must be the id of a flow').optional(),
});

/** Model spending per flow, model and UTC day, from the daily ledger the turn writer keeps. */
export function usageRoutes(app: FastifyInstance, service: SwitchboardService): void {
  app.get('/api/v1/usage', async (request) => {
    const { days, flowId } = parseInput(UsageQuery, request.query, 'query');
    return { days, items: await service.listUsage({ days, ...(flowId === undefined ? {} : { flowId }) }) };
  });
}
