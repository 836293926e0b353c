import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { streamTurn, wantsStream } from './ndjson.ts';
import { parseInput } from './validate.ts';

const sessionId = z.string().min(1).max(200);
const PlaygroundBody = z.strictObject({
  sessionId,
  text: z.string(),
  kind: z.enum(['message', 'timer']).optional(),
});

interface PlaygroundRoute {
  Params: { flowId: string };
  Querystring: { stream?: string };
}

/** The editor's playground: runs the flow's draft in a session kept in memory (nothing is recorded). */
export function playgroundRoutes(app: FastifyInstance, service: SwitchboardService, bodyLimit: number): void {
  app.post<PlaygroundRoute>('/api/v1/flows/:flowId/playground', { bodyLimit }, async (request, reply) => {
    const body = parseInput(PlaygroundBody, request.body, 'body');
    const { flowId } = request.params;
    if (!wantsStream(request)) return service.playgroundChat(flowId, body);
    await streamTurn(reply, bodyLimit, (onEvent) => service.playgroundChat(flowId, body, onEvent));
    return reply;
  });

  app.delete<{ Params: { flowId: string; sessionId: string } }>('/api/v1/flows/:flowId/playground/:sessionId', async (request, reply) => {
    const { flowId } = request.params;
    await service.getFlow(flowId); // 404 for an unknown flow
    service.resetPlayground(flowId, parseInput(sessionId, request.params.sessionId, 'sessionId'));
    return reply.code(204).send();
  });
}
