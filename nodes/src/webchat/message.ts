import { conversationKey, type InboundChannelMessage } from '@switchboard/channels';
import { z } from 'zod';

/**
 * A browser's message. `visitorId` is the random id the page keeps in localStorage: it is the chat and
 * the sender, so each visitor has a conversation of their own. No colon: it is part of the
 * conversation key (`<channel>:p:<visitor>`).
 */
export const WebchatInput = z.strictObject({
  visitorId: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, 'visitorId: 8 to 100 letters, digits, "-" or "_"'),
  text: z.string().max(32_000),
  messageId: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'messageId: 1 to 100 letters, digits, ".", "-" or "_"'),
});
export type WebchatInput = z.output<typeof WebchatInput>;

/** The normalized message a browser's input becomes: always a private chat with the visitor. */
export function webchatMessage(input: WebchatInput, now: Date = new Date()): InboundChannelMessage {
  return {
    platform: 'webchat',
    messageId: input.messageId,
    chat: { id: input.visitorId, kind: 'private' },
    sender: { id: input.visitorId },
    text: input.text,
    attachments: [],
    mentions: [],
    sentAt: now.toISOString(),
  };
}

/** The conversation a visitor's messages go to on a channel, as the channel host keys it. */
export function webchatConversationKey(channelId: string, visitorId: string): string {
  return conversationKey(channelId, { chat: { id: visitorId, kind: 'private' } });
}
