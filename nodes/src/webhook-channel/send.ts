import { randomUUID } from 'node:crypto';
import type { ReplyTarget, SentMessage } from '@switchboard/channels';
import type { OutboundMessage } from '@switchboard/flow-schema';
import { z } from 'zod';
import { secretOf, type WebhookContext } from './config.ts';
import { postCallback } from './post-callback.ts';
import type { Recipients } from './recipients.ts';
import { SECRET_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.ts';

/** What the callback URL receives for each reply. */
export interface WebhookReply {
  /** This reply's id; also in X-Switchboard-Delivery, the same on every retry, so a receiver can drop copies. */
  messageId: string;
  chatId: string;
  /** The sender of the message answered; null when this process no longer knows it (see Recipients). */
  userId: string | null;
  text: string;
  /** The reply's extras (buttons, attachments, anything the flow put there); null without any. */
  data: unknown;
  /** The id of the message this answers; null for a turn no message started. */
  inReplyTo: string | null;
}

/** The stored id a runtime reply carries (ChatReply.id): the same on every try, so it names the delivery. */
const StoredReply = z.looseObject({ id: z.string().min(1).max(200) });

/**
 * POSTs a reply as JSON to the message's callback URL (or the channel's), proving its origin the way
 * the channel verifies deliveries: signed (X-Switchboard-Signature over `<t>.<body>`), or with the
 * shared secret in X-Switchboard-Secret. Retries are postCallback's.
 */
export async function sendWebhookReply(
  context: WebhookContext,
  recipients: Recipients,
  target: ReplyTarget,
  reply: OutboundMessage,
  signal?: AbortSignal,
): Promise<SentMessage[]> {
  const recipient = recipients.find(context.channelId, target.chatId, target.replyToMessageId);
  const url = recipient?.callbackUrl ?? context.config.callbackUrl;
  if (url === undefined) throw new Error(`no callback URL for chat ${target.chatId}: the message that named one is no longer remembered, and the channel has none of its own`);
  const secret = secretOf(context);
  const payload: WebhookReply = {
    messageId: StoredReply.safeParse(reply).data?.id ?? randomUUID(),
    chatId: target.chatId,
    userId: recipient?.userId ?? null,
    text: reply.text,
    data: reply.data ?? null,
    inReplyTo: target.replyToMessageId ?? null,
  };
  const body = JSON.stringify(payload);
  await postCallback({
    url,
    body,
    headers: () => ({
      'content-type': 'application/json',
      'user-agent': 'Switchboard-Webhook-Channel/1',
      'x-switchboard-delivery': payload.messageId,
      'x-switchboard-channel': context.channelId,
      ...(context.config.verify === 'secret' ? { [SECRET_HEADER]: secret } : { [SIGNATURE_HEADER]: signatureHeader(secret, body) }),
    }),
    maxAttempts: context.config.maxAttempts,
    timeoutMs: context.config.timeoutSeconds * 1000,
    ...(signal !== undefined ? { signal } : {}),
  });
  return [{ messageId: payload.messageId }];
}
