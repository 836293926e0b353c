import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from './validate.ts';

const NewCredential = z.strictObject({
  name: z.string().trim().min(1, 'give the credential a name').max(200),
  type: z.string().min(1).max(128),
  // Which fields a type needs is the service's check (the credential types the nodes declare).
  secret: z.record(z.string().max(128), z.string().max(16_384, 'a secret field holds at most 16384 characters')),
});

const ListQuery = z.strictObject({ type: z.string().min(1).max(128).optional() });
const DeleteQuery = z.strictObject({ force: z.enum(['0', '1', 'true', 'false']).optional() });

/** Stored credentials. Secrets go in once, encrypted; no answer ever carries them back. */
export function credentialRoutes(app: FastifyInstance, service: SwitchboardService): void {
  app.get('/api/v1/credentials', async (request) => {
    const { type } = parseInput(ListQuery, request.query, 'query');
    return { items: await service.listCredentials(type) };
  });

  app.post('/api/v1/credentials', async (request, reply) => {
    const input = parseInput(NewCredential, request.body, 'body');
    return reply.code(201).send(await service.createCredential(input));
  });

  // 409 while a flow's draft or live version uses it; ?force=1 deletes it anyway.
  app.delete<{ Params: { credentialId: string } }>('/api/v1/credentials/:credentialId', async (request, reply) => {
    const { force } = parseInput(DeleteQuery, request.query, 'query');
    await service.deleteCredential(request.params.credentialId, { force: force === '1' || force === 'true' });
    return reply.code(204).send();
  });
}
