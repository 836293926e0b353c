import { SwitchboardError } from '@switchboard/runtime';
import type { FastifyBaseLogger } from 'fastify';

export interface ErrorBody {
  code: string;
  message: string;
  details: unknown;
}

/** Raised by our JSON parser; carries the parser's own words so the caller can find the mistake. */
export class InvalidJsonError extends Error {
  readonly statusCode = 400;
  constructor(reason: string) {
    super(`request body is not valid JSON: ${reason}`);
    this.name = 'InvalidJsonError';
  }
}

function fastifyErrorCode(error: unknown): { code: string; statusCode: number } | undefined {
  if (!(error instanceof Error) || !('statusCode' in error) || typeof error.statusCode !== 'number') return undefined;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  return { code, statusCode: error.statusCode };
}

function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes} bytes (${bytes / 1024} KiB)` : `${bytes} bytes`;
}

/**
 * Turns anything thrown while answering into a status and the public error body.
 * Only caller mistakes are described; anything else is logged and answered with a generic 500.
 */
export function toErrorResponse(
  error: unknown,
  context: { bodyLimit: number; log: FastifyBaseLogger },
): { status: number; body: ErrorBody } {
  if (error instanceof SwitchboardError) {
    return { status: error.status, body: { code: error.code, message: error.message, details: error.details ?? null } };
  }
  if (error instanceof InvalidJsonError) {
    return { status: 400, body: { code: 'invalid_json', message: error.message, details: null } };
  }
  const fastify = fastifyErrorCode(error);
  if (fastify?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const message = `request body is larger than the limit of ${formatBytes(context.bodyLimit)}`;
    return { status: 413, body: { code: 'body_too_large', message, details: { limitBytes: context.bodyLimit } } };
  }
  if (fastify?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const message = 'unsupported content type: send JSON with content-type: application/json';
    return { status: 415, body: { code: 'unsupported_media_type', message, details: null } };
  }
  // Fastify's own 4xx errors (bad content-length, malformed URL …) describe the request, not our internals.
  if (fastify && error instanceof Error && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return { status: fastify.statusCode, body: { code: 'bad_request', message: error.message, details: null } };
  }
  context.log.error({ err: error }, 'unexpected error while answering a request');
  const message = 'something went wrong on the server; the error was logged';
  return { status: 500, body: { code: 'internal_error', message, details: null } };
}
