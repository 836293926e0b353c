import { errorReply } from './errors.ts';
import type { Reply } from '../reply.ts';

/** OpenAI's answers to a missing or wrong bearer token; undefined when the request may pass. */
export function checkAuth(authorization: string | undefined, apiKey: string | undefined): Reply | undefined {
  if (apiKey === undefined) return undefined;
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (token === undefined) {
    const message = "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
    return errorReply(401, message, { code: null });
  }
  return token === apiKey ? undefined : errorReply(401, 'Incorrect API key provided.', { code: 'invalid_api_key' });
}
