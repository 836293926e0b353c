import { randomUUID } from 'node:crypto';
import type { ChatRequest, SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { HTTP_RESPONSE_KEY } from '@switchboard/nodes/server';
import { z } from 'zod';
import { parseInput } from './validate.ts';

const id = z.string().min(1).max(200);
const WebhookIds = z.object({ conversationId: id.optional(), messageId: id.optional() });

interface WebhookRoute {
  Params: { flowId: string };
  Querystring: { conversationId?: string };
}

const HttpResponse = z.object({
  [HTTP_RESPONSE_KEY]: z.object({ status: z.number().int().min(200).max(599), contentType: z.enum(['application/json', 'text/plain']), body: z.unknown() }),
});

function textOf(body: unknown): string {
  if (typeof body !== 'object' || body === null || !('text' in body)) return '';
  return typeof body.text === 'string' ? body.text : '';
}

/**
 * Any JSON a third party posts starts a webhook turn: the whole body is the payload.
 * Callers that want one conversation across calls pass its id; `x-message-id` lets a retried call
 * be answered from the first delivery instead of running twice.
 */
export function webhookRoutes(app: FastifyInstance, service: SwitchboardService, bodyLimit: number): void {
  app.post<WebhookRoute>('/api/v1/flows/:flowId/webhook', { bodyLimit }, async (request, reply) => {
    const ids = parseInput(
      WebhookIds,
      {
        conversationId: request.query.conversationId ?? request.headers['x-conversation-id'],
        messageId: request.headers['x-message-id'],
      },
      'query or headers',
    );
    const chatRequest: ChatRequest = {
      // Without a conversation id every call is a conversation of its own; a message id still names
      // it, so that a retried delivery lands in the same conversation and is answered once.
      conversationId: ids.conversationId ?? (ids.messageId === undefined ? randomUUID() : `message:${ids.messageId}`),
      text: textOf(request.body),
      channel: 'webhook',
      kind: 'webhook',
      payload: request.body ?? null,
    };
    if (ids.messageId !== undefined) chatRequest.messageId = ids.messageId;
    const result = await service.chat(request.params.flowId, chatRequest);
    // A "Respond to webhook" node chose the answer: its status and body, nothing else.
    let chosen: z.output<typeof HttpResponse>[typeof HTTP_RESPONSE_KEY] | undefined;
    for (const entry of result.replies) {
      const parsed = HttpResponse.safeParse(entry.data);
      if (parsed.success) chosen = parsed.data[HTTP_RESPONSE_KEY];
    }
    if (!chosen) return result;
    void reply.code(chosen.status).header('content-type', `${chosen.contentType}; charset=utf-8`);
    return chosen.contentType === 'application/json' ? JSON.stringify(chosen.body) : String(chosen.body);
  });
}
