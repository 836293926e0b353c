import { WebchatConfig, WebchatInput, webchatConversationKey, webchatMessage } from '@switchboard/nodes/server';
import { SwitchboardError, type MessageView, type SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { streamTurn } from './ndjson.ts';
import { parseInput } from './validate.ts';

interface WebchatRoute {
  Params: { channelId: string };
}

interface HistoryRoute extends WebchatRoute {
  Querystring: { visitorId?: string };
}

/** A web chat channel as the public sees it: only what the chat page shows. */
interface WebchatChannel {
  id: string;
  flowId: string | null;
  config: WebchatConfig;
}

/** One line of the history: the visitor's messages and the bot's replies, oldest first. */
export interface WebchatHistoryEntry {
  id: string;
  role: 'user' | 'bot';
  text: string;
  data: unknown;
  createdAt: string;
}

/** The newest messages the history returns; a chat page has no use for more. */
const HISTORY_LIMIT = 200;
const PAGE = 200;

const VisitorQuery = WebchatInput.pick({ visitorId: true });

async function webchatChannel(service: SwitchboardService, channelId: string): Promise<WebchatChannel> {
  const channel = await service.getChannel(channelId).catch((error: unknown) => {
    if (error instanceof SwitchboardError && error.status === 404) return undefined;
    throw error;
  });
  if (channel?.type !== 'webchat') throw new SwitchboardError(404, 'not_found', `no web chat channel ${channelId}`);
  // Stored configs were checked when written; a bad one (edited by hand) falls back to the defaults.
  const config = WebchatConfig.safeParse(channel.config);
  return { id: channel.id, flowId: channel.flowId, config: config.success ? config.data : WebchatConfig.parse({}) };
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Host headers keep a default port (`localhost:80`) that an origin leaves out: compare them as URLs. */
function sameHost(origin: URL, host: string): boolean {
  const server = `${origin.protocol}//${host}`;
  return URL.canParse(server) && new URL(server).host === origin.host;
}

/**
 * CORS by the channel's `allowedOrigins`. A request without an Origin (curl, a same-origin GET) is not a
 * cross-site browser call and passes; the server's own origin always passes. A foreign origin is
 * refused before anything runs, since a form-encoded POST reaches the server without a preflight.
 */
function checkOrigin(request: FastifyRequest, reply: FastifyReply, channel: WebchatChannel): void {
  const origin = headerOf(request, 'origin');
  reply.raw.setHeader('vary', 'Origin');
  if (origin === undefined) return;
  const host = headerOf(request, 'x-forwarded-host') ?? headerOf(request, 'host');
  const sameOrigin = host !== undefined && URL.canParse(origin) && sameHost(new URL(origin), host);
  if (!sameOrigin && !channel.config.allowedOrigins.includes(origin)) {
    throw new SwitchboardError(403, 'origin_not_allowed', `pages on ${origin} may not use this chat: add the origin to the channel's allowedOrigins`);
  }
  // Set on the raw response: the streamed answer is written there, past Fastify's own headers.
  reply.raw.setHeader('access-control-allow-origin', origin);
}

/** The visitor's conversation on this channel: every stored message, the newest HISTORY_LIMIT of them. */
async function history(service: SwitchboardService, channel: WebchatChannel, visitorId: string): Promise<WebchatHistoryEntry[]> {
  if (channel.flowId === null) return [];
  const key = webchatConversationKey(channel.id, visitorId);
  const { items } = await service.listConversations({ flowId: channel.flowId, channel: 'webchat', userId: visitorId, limit: 100 });
  const conversation = items.find((item) => item.externalId === key);
  if (!conversation) return [];
  const messages: MessageView[] = [];
  let cursor: string | undefined;
  do {
    const page = await service.listMessages(conversation.id, cursor === undefined ? { limit: PAGE } : { cursor, limit: PAGE });
    messages.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return messages.slice(-HISTORY_LIMIT).map((message) => ({ id: message.id, role: message.direction === 'in' ? 'user' : 'bot', text: message.text, data: message.data, createdAt: message.createdAt }));
}

/**
 * The web chat's public API, used by the hosted chat page (and, with allowedOrigins, by other sites):
 * the channel's title and greeting, the visitor's history, and messages answered as NDJSON.
 */
export function webchatRoutes(app: FastifyInstance, service: SwitchboardService, bodyLimit: number): void {
  const base = '/api/v1/channels/:channelId/webchat';

  // Preflight for a JSON POST from an allowed site.
  for (const path of [base, `${base}/history`, `${base}/messages`]) {
    app.options<WebchatRoute>(path, async (request, reply) => {
      checkOrigin(request, reply, await webchatChannel(service, request.params.channelId));
      reply.raw.setHeader('access-control-allow-methods', 'GET, POST');
      reply.raw.setHeader('access-control-allow-headers', 'content-type');
      reply.raw.setHeader('access-control-max-age', '600');
      return reply.code(204).send();
    });
  }

  app.get<WebchatRoute>(base, async (request, reply) => {
    const channel = await webchatChannel(service, request.params.channelId);
    checkOrigin(request, reply, channel);
    return { id: channel.id, title: channel.config.title, greeting: channel.config.greeting, live: channel.flowId !== null };
  });

  app.get<HistoryRoute>(`${base}/history`, async (request, reply) => {
    const channel = await webchatChannel(service, request.params.channelId);
    checkOrigin(request, reply, channel);
    const { visitorId } = parseInput(VisitorQuery, request.query, 'query');
    return { messages: await history(service, channel, visitorId) };
  });

  app.post<WebchatRoute>(`${base}/messages`, { bodyLimit }, async (request, reply) => {
    const channel = await webchatChannel(service, request.params.channelId);
    checkOrigin(request, reply, channel);
    const input = parseInput(WebchatInput, request.body, 'body');
    const message = webchatMessage(input);
    try {
      await streamTurn(reply, bodyLimit, (onEvent) => service.converseOnChannel(channel.id, message, onEvent));
    } catch (error) {
      if (error instanceof SwitchboardError && error.code === 'rate_limited') reply.header('retry-after', String(Math.ceil(retryAfterMs(error.details) / 1000)));
      throw error;
    }
    return reply;
  });
}

const RetryDetails = z.object({ retryAfterMs: z.number() });

function retryAfterMs(details: unknown): number {
  const parsed = RetryDetails.safeParse(details);
  return parsed.success ? Math.max(1000, parsed.data.retryAfterMs) : 60_000;
}
