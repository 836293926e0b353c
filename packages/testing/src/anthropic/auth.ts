import { errorReply } from './errors.ts';
import type { Reply } from '../reply.ts';

/**
 * The key may come as `x-api-key` or as a bearer token (the SDK sends the latter); undefined when the
 * request may pass.
 */
export function checkAuth(headers: { 'x-api-key'?: string | string[]; authorization?: string }, apiKey: string | undefined): Reply | undefined {
  if (apiKey === undefined) return undefined;
  const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
  if (headers['x-api-key'] === apiKey || bearer === apiKey) return undefined;
  return errorReply(401, 'authentication_error', 'invalid x-api-key');
}
