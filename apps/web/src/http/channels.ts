import type { SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';

interface ChannelParams {
  Params: { channelId: string };
}

function headersOf(raw: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

/** Channels: the platform connections bound to flows, and the webhook platforms deliver to. */
export function channelRoutes(app: FastifyInstance, service: SwitchboardService, bodyLimit: number): void {
  app.get('/api/v1/channels', async () => ({ items: await service.listChannels(), types: service.channelTypes() }));
  app.post('/api/v1/channels', async (request, reply) => reply.code(201).send(await service.createChannel(request.body)));
  app.get<ChannelParams>('/api/v1/channels/:channelId', async (request) => service.getChannel(request.params.channelId));
  app.patch<ChannelParams>('/api/v1/channels/:channelId', async (request) => service.updateChannel(request.params.channelId, request.body));
  app.delete<ChannelParams>('/api/v1/channels/:channelId', async (request, reply) => {
    await service.deleteChannel(request.params.channelId);
    return reply.code(204).send();
  });
  app.post<ChannelParams>('/api/v1/channels/:channelId/test', async (request) => ({ bot: await service.testChannel(request.params.channelId) }));

  // Platform deliveries are verified over their exact bytes (signatures), in whatever type they come
  // (JSON from Telegram and Slack events, forms from Slack commands): this scope keeps bodies as text.
  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
      done(null, body);
    });
    scope.post<ChannelParams>('/api/v1/channels/:channelId/webhook', { bodyLimit }, async (request, reply) => {
      const rawBody = typeof request.body === 'string' ? request.body : '';
      const answer = await service.receiveChannelDelivery(request.params.channelId, { headers: headersOf(request.headers), rawBody, receivedAt: Date.now() });
      return reply.code(answer.status).send(answer.body);
    });
    done();
  });
}
