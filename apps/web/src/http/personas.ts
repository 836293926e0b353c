import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';

interface PersonaParams {
  Params: { personaId: string };
}

/** The persona library: who the bot is, for model nodes and channels to use. Bodies are checked by the service. */
export function personaRoutes(app: FastifyInstance, service: SwitchboardService): void {
  app.get('/api/v1/personas', async () => ({ items: await service.listPersonas() }));
  app.post('/api/v1/personas', async (request, reply) => reply.code(201).send(await service.createPersona(request.body ?? {})));
  app.get<PersonaParams>('/api/v1/personas/:personaId', async (request) => service.getPersona(request.params.personaId));
  app.put<PersonaParams>('/api/v1/personas/:personaId', async (request) => service.updatePersona(request.params.personaId, request.body ?? {}));
  app.delete<PersonaParams>('/api/v1/personas/:personaId', async (request, reply) => {
    await service.deletePersona(request.params.personaId);
    return reply.code(204).send();
  });
}
