import type { ChatRequest, SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { streamTurn, wantsStream } from './ndjson.ts';
import { parseInput } from './validate.ts';

const id = z.string().min(1).max(200);
const ChatBody = z.strictObject({
  conversationId: id,
  text: z.string(),
  messageId: id.optional(),
  userId: id.optional(),
});

interface ChatRoute {
  Params: { flowId: string };
  Querystring: { stream?: string };
}

export function chatRoutes(app: FastifyInstance, service: SwitchboardService, bodyLimit: number): void {
  app.post<ChatRoute>('/api/v1/flows/:flowId/chat', { bodyLimit }, async (request, reply) => {
    const body = parseInput(ChatBody, request.body, 'body');
    const chatRequest: ChatRequest = { ...body, channel: 'api', kind: 'message' };
    const { flowId } = request.params;
    if (!wantsStream(request)) return service.chat(flowId, chatRequest);
    await streamTurn(reply, bodyLimit, (onEvent) => service.chat(flowId, chatRequest, onEvent));
    return reply;
  });
}
