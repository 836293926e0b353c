import type { HttpDelivery } from '@switchboard/channels';
import { describe, expect, it } from 'vitest';
import { WebhookChannelConfig, type WebhookContext } from './config.ts';
import { receiveWebhook } from './receive.ts';
import { Recipients } from './recipients.ts';
import { signatureHeader } from './signature.ts';

const SECRET = 'receive-test-secret-0123456789';

function contextWith(config: Record<string, unknown>): WebhookContext {
  return { channelId: 'ch1', config: WebhookChannelConfig.parse(config), secret: { secret: SECRET }, log: { info: () => undefined, warn: () => undefined } };
}

function delivery(body: unknown): HttpDelivery {
  const rawBody = JSON.stringify(body);
  return { headers: { 'x-switchboard-signature': signatureHeader(SECRET, rawBody) }, rawBody, receivedAt: Date.now() };
}

describe('receiveWebhook', () => {
  it('reads a message with its sender name and files; a file alone is enough', () => {
    const recipients = new Recipients();
    const result = receiveWebhook(contextWith({ callbackUrl: 'https://example.com/r' }), recipients, delivery({
      userId: 'u1',
      userName: 'Ann',
      messageId: 'm1',
      attachments: [{ kind: 'image', url: 'https://example.com/cat.png', name: 'cat.png' }],
    }));
    expect(result).toMatchObject({
      kind: 'messages',
      messages: [{ platform: 'webhook', messageId: 'm1', chat: { id: 'u1', kind: 'private' }, sender: { id: 'u1', name: 'Ann' }, text: '', attachments: [{ kind: 'image', ref: 'https://example.com/cat.png', name: 'cat.png' }] }],
      answer: { status: 200, body: { accepted: true, chatId: 'u1', messageId: 'm1' } },
    });
    expect(recipients.find('ch1', 'u1', 'm1')).toEqual({ userId: 'u1' });
  });

  it('refuses an empty message and ids that would break the conversation key', () => {
    const context = contextWith({ callbackUrl: 'https://example.com/r' });
    expect(receiveWebhook(context, new Recipients(), delivery({ userId: 'u1', text: '  ' }))).toMatchObject({ kind: 'refuse', status: 400 });
    expect(receiveWebhook(context, new Recipients(), delivery({ userId: 'u:1', text: 'hi' }))).toMatchObject({ kind: 'refuse', status: 400, reason: 'userId: must not contain ":"' });
  });

  it('takes a message\'s callback URL only where allowed, and remembers it for the reply', () => {
    const open = contextWith({ allowMessageCallbackUrl: true, callbackOrigins: ['https://example.com/anything'] });
    const recipients = new Recipients();
    expect(receiveWebhook(open, recipients, delivery({ userId: 'u1', text: 'hi', messageId: 'm1', callbackUrl: 'https://example.com/cb' })).kind).toBe('messages');
    expect(recipients.find('ch1', 'u1', 'm1')).toEqual({ userId: 'u1', callbackUrl: 'https://example.com/cb' });
    expect(receiveWebhook(open, recipients, delivery({ userId: 'u1', text: 'hi', callbackUrl: 'https://evil.example.net/cb' }))).toMatchObject({ kind: 'refuse', status: 403 });
    // Neither the message nor the channel says where replies go.
    expect(receiveWebhook(open, recipients, delivery({ userId: 'u1', text: 'hi' }))).toMatchObject({ kind: 'refuse', status: 400 });
    const closed = contextWith({ callbackUrl: 'https://example.com/r' });
    expect(receiveWebhook(closed, recipients, delivery({ userId: 'u1', text: 'hi', callbackUrl: 'https://example.com/cb' }))).toMatchObject({ kind: 'refuse', status: 400 });
  });

  it('refuses everything when the credential has no secret', () => {
    const context = { ...contextWith({ callbackUrl: 'https://example.com/r' }), secret: {} };
    expect(receiveWebhook(context, new Recipients(), delivery({ userId: 'u1', text: 'hi' }))).toMatchObject({ kind: 'refuse', status: 401 });
  });
});

describe('Recipients', () => {
  it('keeps the first delivery of a message, falls back to the chat\'s latest, and forgets the oldest', () => {
    const recipients = new Recipients(2);
    recipients.remember('c', 'chat', 'm1', { userId: 'a', callbackUrl: 'https://one.example' });
    recipients.remember('c', 'chat', 'm1', { userId: 'a', callbackUrl: 'https://two.example' });
    expect(recipients.find('c', 'chat', 'm1')?.callbackUrl).toBe('https://one.example');
    expect(recipients.find('c', 'chat', undefined)?.callbackUrl).toBe('https://two.example');
    recipients.remember('c', 'chat', 'm2', { userId: 'b' });
    recipients.remember('c', 'chat', 'm3', { userId: 'c' });
    expect(recipients.find('c', 'other', 'm1')).toBeUndefined();
    expect(recipients.find('c', 'chat', 'm1')?.userId).toBe('c');
  });
});
