// A web chat channel's settings: what the hosted page shows and which sites may call its API.
// Browser-safe: the chat page reads the same schema.
import { z } from 'zod';

/** An origin as browsers send it (`https://shop.example.com`, no path): what CORS compares. */
const origin = z
  .string()
  .trim()
  .max(300)
  .refine((text) => {
    if (!URL.canParse(text)) return false;
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text.replace(/\/$/, '');
  }, 'write an origin: scheme, host and port only, e.g. https://shop.example.com')
  .transform((text) => new URL(text).origin);

export const WebchatConfig = z.object({
  /** The heading of the chat page and the widget. */
  title: z.string().trim().min(1).max(100).default('Chat'),
  /** Shown first, as the bot's, before anyone wrote; not stored in the conversation. */
  greeting: z.string().max(2000).default(''),
  /** Sites whose pages may call this channel's API from the browser; the server's own origin always may. */
  allowedOrigins: z.array(origin).max(50).default([]),
});
export type WebchatConfig = z.output<typeof WebchatConfig>;
