import { CONVERSATION_STATUSES, type SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from './validate.ts';

const PageQuery = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
/** `from` and `to` bound the last activity; an instant with its zone, so the same link means the same time everywhere. */
const instant = z.iso
  .datetime({ offset: true, error: 'expected an ISO 8601 date-time with a time zone, e.g. 2026-01-31T09:00:00Z or 2026-01-31T10:00:00+01:00' })
  .transform((text) => new Date(text));

const ConversationQuery = PageQuery.extend({
  flowId: z.string().min(1).max(200).optional(),
  status: z.enum(CONVERSATION_STATUSES).optional(),
  channel: z.string().min(1).max(200).optional(),
  userId: z.string().min(1).max(200).optional(),
  text: z.string().min(1).max(200).optional(),
  from: instant.optional(),
  to: instant.optional(),
})
  .strict() // a misspelt filter would otherwise list everything
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, {
    path: ['to'],
    message: 'must not be before `from`',
  });

interface ConversationParams {
  Params: { conversationId: string };
}

export function conversationRoutes(app: FastifyInstance, service: SwitchboardService): void {
  app.get('/api/v1/conversations', async (request) =>
    service.listConversations(parseInput(ConversationQuery, request.query, 'query')),
  );

  app.get<ConversationParams>('/api/v1/conversations/:conversationId', async (request) =>
    service.getConversation(request.params.conversationId),
  );

  app.get<ConversationParams>('/api/v1/conversations/:conversationId/messages', async (request) =>
    service.listMessages(request.params.conversationId, parseInput(PageQuery, request.query, 'query')),
  );

  app.get<ConversationParams>('/api/v1/conversations/:conversationId/runs', async (request) =>
    service.listRuns(request.params.conversationId, parseInput(PageQuery, request.query, 'query')),
  );
}
