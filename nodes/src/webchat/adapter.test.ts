import { describe, expect, it } from 'vitest';
import { webchatAdapter } from './adapter.ts';
import { WebchatConfig } from './config.ts';
import { WebchatInput, webchatConversationKey } from './message.ts';

describe('the web chat adapter', () => {
  it('needs no credential and sends nothing: replies go back in the HTTP answer', async () => {
    expect(webchatAdapter.credentialType).toBe('');
    const context = { channelId: 'c1', config: WebchatConfig.parse({}), secret: {}, log: { info: () => undefined, warn: () => undefined } };
    expect(await webchatAdapter.send(context, { chatId: 'v', chatKind: 'private' }, { text: 'hi' })).toEqual([]);
    expect(await webchatAdapter.identify(context)).toEqual({ id: 'webchat:c1', username: 'Chat' });
  });

  it('keeps allowed origins as origins and refuses anything else', () => {
    expect(WebchatConfig.parse({ allowedOrigins: ['https://shop.example.com/', 'http://localhost:8080'] }).allowedOrigins).toEqual(['https://shop.example.com', 'http://localhost:8080']);
    expect(WebchatConfig.safeParse({ allowedOrigins: ['https://shop.example.com/path'] }).success).toBe(false);
    expect(WebchatConfig.safeParse({ allowedOrigins: ['javascript:alert(1)'] }).success).toBe(false);
  });

  it('keys each visitor\'s private conversation, and refuses visitor ids that would break the key', () => {
    expect(webchatConversationKey('c1', 'visitor-1')).toBe('c1:p:visitor-1');
    expect(WebchatInput.safeParse({ visitorId: 'a:b:c:d:e', text: 'x', messageId: 'm' }).success).toBe(false);
  });
});
