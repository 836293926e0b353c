import { z } from 'zod';
import { hint } from './ui.ts';

/** Secrets of an `openai` credential: any OpenAI-compatible server's API key. Kept apart from node config. */
export const openaiCredential = {
  type: 'openai',
  secrets: z.object({
    apiKey: z.string().min(1).meta(hint('The API key, sent as "Authorization: Bearer <key>".', { widget: 'password' })),
  }),
} as const;
