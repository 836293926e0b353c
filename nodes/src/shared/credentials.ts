import { z } from 'zod';
import { hint } from './ui.ts';

/** Secrets of an `openai` credential: any OpenAI-compatible server's API key. Kept apart from node config. */
export const openaiCredential = {
  type: 'openai',
  secrets: z.object({
    apiKey: z.string().min(1).meta(hint('The API key, sent as "Authorization: Bearer <key>".', { widget: 'password' })),
  }),
} as const;

/** Secrets of a `telegram` credential: the bot token @BotFather gives. */
export const telegramCredential = {
  type: 'telegram',
  secrets: z.object({
    botToken: z
      .string()
      .regex(/^\d+:[\w-]{20,}$/, 'a bot token looks like 123456789:AAE… (from @BotFather)')
      .meta(hint('The token @BotFather gave when the bot was created.', { widget: 'password' })),
  }),
} as const;

/** Secrets of a `webhook` credential: what a webhook channel and the system it talks to share. */
export const webhookCredential = {
  type: 'webhook',
  secrets: z.object({
    secret: z
      .string()
      .min(16, 'use at least 16 characters, e.g. the output of `openssl rand -hex 32`')
      .max(512)
      .meta(hint('Shared with the other system: sent as X-Switchboard-Secret, or the key of X-Switchboard-Signature (HMAC-SHA256), as the channel says.', { widget: 'password' })),
  }),
} as const;
