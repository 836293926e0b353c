import type { HttpDelivery, IngressResult, InboundChannelMessage } from '@switchboard/channels';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { WebhookContext } from './config.ts';
import type { Recipients } from './recipients.ts';
import { SECRET_HEADER, SIGNATURE_HEADER, secretProblem, signatureProblem } from './signature.ts';

/** Ids become part of the conversation key `<channel>:p:<chat>`, where ":" separates the parts. */
const id = z.string().trim().min(1).max(100).regex(/^[^:]+$/, 'must not contain ":"');

/** What the other system POSTs to the channel's webhook. */
export const WebhookInbound = z
  .object({
    userId: id,
    userName: z.string().trim().min(1).max(200).optional(),
    /** The conversation: the user's own chat when absent. */
    chatId: id.optional(),
    text: z.string().default(''),
    /** The sender's id for this message; a redelivery with the same id is run once. */
    messageId: z.string().trim().min(1).max(99).optional(),
    /** Where this message's replies go, when the channel allows messages to say. */
    callbackUrl: z.url({ protocol: /^https?$/ }).optional(),
    attachments: z
      .array(z.object({
        kind: z.enum(['image', 'file', 'audio', 'voice', 'video']),
        url: z.url({ protocol: /^https?$/ }),
        name: z.string().max(255).optional(),
        mimeType: z.string().max(255).optional(),
      }))
      .max(10)
      .default([]),
  })
  .refine((message) => message.text.trim() !== '' || message.attachments.length > 0, { path: ['text'], message: 'send a text or an attachment' });
export type WebhookInbound = z.output<typeof WebhookInbound>;

function headerOf(delivery: HttpDelivery, name: string): string | undefined {
  const key = Object.keys(delivery.headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : delivery.headers[key];
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Checks the delivery the way the channel's config says; undefined when it is genuine. */
export function verificationProblem(context: WebhookContext, delivery: HttpDelivery): string | undefined {
  const secret = context.secret.secret;
  if (secret === undefined || secret === '') return 'this webhook channel has no secret to check deliveries with: choose a webhook credential';
  return context.config.verify === 'secret'
    ? secretProblem(secret, headerOf(delivery, SECRET_HEADER))
    : signatureProblem(secret, headerOf(delivery, SIGNATURE_HEADER), delivery.rawBody, delivery.receivedAt);
}

/** The callback URL a message's replies go to, or why the message cannot have one. */
function callbackProblem(context: WebhookContext, inbound: WebhookInbound): { status: 400 | 403; reason: string } | undefined {
  const { config } = context;
  if (inbound.callbackUrl === undefined) {
    return config.callbackUrl === undefined ? { status: 400, reason: 'this channel has no callback URL of its own: give the message a callbackUrl' } : undefined;
  }
  if (!config.allowMessageCallbackUrl) return { status: 400, reason: 'this channel does not take a callbackUrl per message: leave it out, or allow it in the channel\'s settings' };
  const origin = new URL(inbound.callbackUrl).origin;
  if (config.callbackOrigins.length > 0 && !config.callbackOrigins.includes(origin)) {
    return { status: 403, reason: `callbackUrl must point at one of ${config.callbackOrigins.join(', ')}` };
  }
  return undefined;
}

/**
 * One POST to a webhook channel: verified by its secret or signature, then read as one message.
 * Nothing of a refused delivery is kept, not even its callback URL.
 */
export function receiveWebhook(context: WebhookContext, recipients: Recipients, delivery: HttpDelivery): IngressResult {
  const problem = verificationProblem(context, delivery);
  if (problem !== undefined) return { kind: 'refuse', status: 401, reason: problem };
  const json = parseJson(delivery.rawBody);
  if (!json.ok) return { kind: 'refuse', status: 400, reason: 'the body is not JSON' };
  const parsed = WebhookInbound.safeParse(json.value);
  if (!parsed.success) {
    return { kind: 'refuse', status: 400, reason: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ') };
  }
  const inbound = parsed.data;
  const refused = callbackProblem(context, inbound);
  if (refused !== undefined) return { kind: 'refuse', ...refused };

  const chatId = inbound.chatId ?? inbound.userId;
  const messageId = inbound.messageId ?? randomUUID();
  recipients.remember(context.channelId, chatId, messageId, { userId: inbound.userId, ...(inbound.callbackUrl !== undefined ? { callbackUrl: inbound.callbackUrl } : {}) });
  const message: InboundChannelMessage = {
    platform: 'webhook',
    messageId,
    // Every webhook chat is one conversation with the bot: no groups, so no mention is needed to wake it.
    chat: { id: chatId, kind: 'private' },
    sender: { id: inbound.userId, ...(inbound.userName !== undefined ? { name: inbound.userName } : {}) },
    text: inbound.text,
    attachments: inbound.attachments.map((file) => ({
      kind: file.kind,
      ref: file.url,
      ...(file.name !== undefined ? { name: file.name } : {}),
      ...(file.mimeType !== undefined ? { mimeType: file.mimeType } : {}),
    })),
    mentions: [],
    sentAt: new Date(delivery.receivedAt).toISOString(),
  };
  return { kind: 'messages', messages: [message], answer: { status: 200, body: { accepted: true, chatId, messageId } } };
}
