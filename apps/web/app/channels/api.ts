// The REST calls of the channels page; every answer is checked here, at the boundary.
import { z } from 'zod';
import { requestJson, requestOk } from '../http-client.ts';

export { errorMessage } from '../http-client.ts';

const ChannelState = z.enum(['unbound', 'starting', 'listening', 'connected', 'disconnected', 'error']);
export type ChannelState = z.infer<typeof ChannelState>;

const Bot = z.object({ id: z.string(), username: z.string().optional() });
export type Bot = z.infer<typeof Bot>;

const ChannelView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  flowId: z.string().nullable(),
  flowName: z.string().nullable(),
  config: z.record(z.string(), z.unknown()).catch({}),
  credentialId: z.string().nullable(),
  // Absent from servers older than personas.
  personaId: z.string().nullable().catch(null),
  personaName: z.string().nullable().catch(null),
  status: z.object({
    state: ChannelState,
    bot: Bot.optional(),
    lastEventAt: z.string().optional(),
    lastError: z.string().optional(),
    lastErrorAt: z.string().optional(),
  }),
  webhookPath: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Channel = z.infer<typeof ChannelView>;

const ChannelType = z.object({ type: z.string(), credentialType: z.string() });
export type ChannelType = z.infer<typeof ChannelType>;

const ChannelList = z.object({ items: z.array(ChannelView), types: z.array(ChannelType) });
export type ChannelList = z.infer<typeof ChannelList>;

/** What the form sends: the type only on create (a channel keeps its platform). */
export interface ChannelInput {
  name: string;
  flowId: string | null;
  credentialId: string | null;
  personaId: string | null;
  config: Record<string, unknown>;
}

const channelPath = (id: string) => `/api/v1/channels/${encodeURIComponent(id)}`;

function json(method: string, body: unknown): RequestInit {
  return { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

export const listChannels = () => requestJson('/api/v1/channels', ChannelList);

export const createChannel = (type: string, input: ChannelInput) => requestJson('/api/v1/channels', ChannelView, json('POST', { type, ...input }));

export const updateChannel = (id: string, input: ChannelInput) => requestJson(channelPath(id), ChannelView, json('PATCH', input));

export async function deleteChannel(id: string): Promise<void> {
  await requestOk(channelPath(id), { method: 'DELETE' });
}

/** Asks the platform who the bot is with the channel's credential; an ApiError carries the platform's refusal. */
export async function testChannel(id: string): Promise<Bot> {
  return (await requestJson(`${channelPath(id)}/test`, z.object({ bot: Bot }), { method: 'POST' })).bot;
}
