import type { z } from 'zod';
import { slackCredential } from '../slack/config.ts';
import { openaiCredential, telegramCredential, webhookCredential } from './credentials.ts';

/** A kind of stored credential: the secret fields it holds, as a zod object (its form and its validation). */
export interface CredentialType {
  type: string;
  secrets: z.ZodObject;
}

/** Every credential type a node may declare; a node's `credential.type` must name one of these. */
export const credentialTypes: readonly CredentialType[] = [openaiCredential, telegramCredential, slackCredential, webhookCredential];

export function findCredentialType(type: string): CredentialType | undefined {
  return credentialTypes.find((entry) => entry.type === type);
}
