import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from './validate.ts';

const CheckModel = z.strictObject({
  provider: z.string().min(1, 'provider must name a provider preset, e.g. "openai"').max(64),
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) address' }).optional(),
  model: z.string().trim().max(200).optional(),
  credentialId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'credentialId must be the id of a stored credential').optional(),
});

/** For the model nodes' config form: reach the provider with the chosen key, list its models. */
export function modelRoutes(app: FastifyInstance, service: SwitchboardService): void {
  app.post('/api/v1/models/check', (request) => {
    const input = parseInput(CheckModel, request.body ?? {}, 'body');
    return service.checkModel({
      provider: input.provider,
      ...(input.baseUrl === undefined ? {} : { baseUrl: input.baseUrl }),
      ...(input.model === undefined || input.model === '' ? {} : { model: input.model }),
      ...(input.credentialId === undefined ? {} : { credentialId: input.credentialId }),
    });
  });
}
