// The hosted chat page's calls to the web chat API; every answer is checked here.
import { z } from 'zod';
import { apiErrorOf } from '../http-client.ts';

const Settings = z.object({ id: z.string(), title: z.string(), greeting: z.string(), live: z.boolean() });
export type ChatSettings = z.infer<typeof Settings>;

const Entry = z.object({ id: z.string(), role: z.enum(['user', 'bot']), text: z.string(), createdAt: z.string() });
export type ChatEntry = z.infer<typeof Entry>;

const Reply = z.object({ id: z.string(), text: z.string() });
const Line = z.discriminatedUnion('type', [
  z.object({ type: z.literal('node.started'), nodeId: z.string() }),
  z.object({ type: z.literal('node.finished'), nodeId: z.string() }),
  z.object({ type: z.literal('token'), nodeId: z.string(), text: z.string(), replied: z.boolean().optional() }),
  z.object({ type: z.literal('reply'), reply: Reply }),
  z.object({ type: z.literal('result'), status: z.string(), replies: z.array(Reply), error: z.object({ message: z.string() }).optional() }),
  z.object({ type: z.literal('error'), error: z.object({ message: z.string() }) }),
]);
export type ChatLine = z.infer<typeof Line>;
type Result = Extract<ChatLine, { type: 'result' }>;

function base(channelId: string): string {
  return `/api/v1/channels/${encodeURIComponent(channelId)}/webchat`;
}

async function getJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw await apiErrorOf(response);
  return schema.parse(await response.json());
}

export function loadSettings(channelId: string): Promise<ChatSettings> {
  return getJson(base(channelId), Settings);
}

export async function loadHistory(channelId: string, visitorId: string): Promise<ChatEntry[]> {
  const { messages } = await getJson(`${base(channelId)}/history?visitorId=${encodeURIComponent(visitorId)}`, z.object({ messages: z.array(Entry) }));
  return messages;
}

/** Sends one message; `onLine` sees each streamed line (node events, replies) as it comes. */
export async function sendMessage(channelId: string, body: { visitorId: string; text: string; messageId: string }, onLine: (line: ChatLine) => void): Promise<Result> {
  const response = await fetch(`${base(channelId)}/messages`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!response.ok || !response.body) throw await apiErrorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let result: Result | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = Line.safeParse(JSON.parse(buffer.slice(0, end)));
      buffer = buffer.slice(end + 1);
      if (!line.success) continue; // a kind of event this page does not show
      if (line.data.type === 'error') throw new Error(line.data.error.message);
      if (line.data.type === 'result') result = line.data;
      onLine(line.data);
    }
  }
  if (!result) throw new Error('the answer ended before the bot finished');
  return result;
}

const VISITOR_KEY = 'switchboard.webchat.visitor';

/** The random id this browser chats under, kept in localStorage so a reload finds the conversation. */
export function visitorId(): string {
  const stored = window.localStorage.getItem(VISITOR_KEY);
  if (stored !== null && /^[A-Za-z0-9_-]{8,100}$/.test(stored)) return stored;
  // getRandomValues, not randomUUID: the page may be served over plain http, where only it exists.
  const fresh = `v-${Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  window.localStorage.setItem(VISITOR_KEY, fresh);
  return fresh;
}
