import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { InvalidJsonError } from './errors.ts';

const rejectPrototypeKeys = { protoAction: 'error', constructorAction: 'error' } as const;

/**
 * Replaces Fastify's JSON parser so a malformed body is answered with the parser's reason
 * (Fastify's own only says "not valid JSON"). Same library and settings as Fastify's:
 * `__proto__` and `constructor.prototype` keys are refused. An empty body counts as no body,
 * so clients that always send `content-type: application/json` can POST to endpoints without one.
 */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, raw, done) => {
    const body = typeof raw === 'string' ? raw : raw.toString('utf8'); // always a string with parseAs: 'string'
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    let value: unknown;
    try {
      value = secureJson.parse(body, null, rejectPrototypeKeys);
    } catch (error) {
      done(new InvalidJsonError(error instanceof Error ? error.message : String(error)), undefined);
      return;
    }
    done(null, value);
  });
}
