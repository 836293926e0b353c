import type { ChannelContext } from '@switchboard/channels';
import { z } from 'zod';
import { hint } from '../shared/ui.ts';

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) address, e.g. https://example.com/switchboard/replies' });

/** Every field has a default, so a new channel's form starts from `{}`; bind() says what is still missing. */
export const WebhookChannelConfig = z.object({
  /**
   * How a delivery proves it comes from the other system, and how replies prove they come from us:
   * the shared secret itself in a header, or an HMAC of the timestamped body, which never puts the
   * secret on the wire and cannot be replayed after five minutes.
   */
  verify: z
    .enum(['signature', 'secret'])
    .default('signature')
    .meta(hint('signature: X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">; secret: X-Switchboard-Secret: <the secret>.', { widget: 'select' })),
  callbackUrl: httpUrl.optional().meta(hint('Where replies are POSTed, unless a message names its own.', { widget: 'text', placeholder: 'https://example.com/switchboard/replies' })),
  allowMessageCallbackUrl: z
    .boolean()
    .default(false)
    .meta(hint('A message may name where its replies go (its `callbackUrl`).', { advanced: true })),
  callbackOrigins: z
    .array(z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin))
    .max(50)
    .default([])
    .meta(hint('Origins a message\'s callbackUrl may point at, e.g. https://example.com (empty: any).', { widget: 'list', advanced: true, showWhen: { field: 'allowMessageCallbackUrl', in: [true] } })),
  maxAttempts: z
    .int()
    .min(1)
    .max(10)
    .default(5)
    .meta(hint('Tries per reply when the callback fails (network errors, 5xx, 429), with a growing wait between them.', { widget: 'number', advanced: true })),
  timeoutSeconds: z
    .int()
    .min(1)
    .max(60)
    .default(10)
    .meta(hint('How long one try may take.', { widget: 'number', advanced: true })),
});
export type WebhookChannelConfig = z.output<typeof WebhookChannelConfig>;

export type WebhookContext = ChannelContext<WebhookChannelConfig>;

/** The shared secret; the credential schema makes it required, this only guards a hand-edited row. */
export function secretOf(context: WebhookContext): string {
  const secret = context.secret.secret;
  if (secret === undefined || secret === '') throw new Error('this webhook channel has no secret: choose a webhook credential');
  return secret;
}
