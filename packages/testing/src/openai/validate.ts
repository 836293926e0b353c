import type { z } from 'zod';
import { errorReply } from './errors.ts';
import type { JsonReply } from '../reply.ts';

export type Validated<T> = { ok: true; value: T } | { ok: false; reply: JsonReply };

/** Parses a request body, answering the first problem the way OpenAI words it (400, with `param`). */
export function validate<S extends z.ZodType>(schema: S, body: unknown): Validated<z.output<S>> {
  // reportInput lets a missing field (input undefined) be told apart from a wrong one.
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  if (!issue || issue.path.length === 0) {
    return { ok: false, reply: errorReply(400, 'The request body must be a JSON object.', { code: 'invalid_type' }) };
  }
  const param = paramName(issue.path);
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined) {
    return { ok: false, reply: errorReply(400, `Missing required parameter: '${param}'.`, { param, code: 'missing_required_parameter' }) };
  }
  if (issue.code === 'too_small' && issue.origin === 'array') {
    const message = `Invalid '${param}': empty array. Expected an array with minimum length ${issue.minimum}, but got an empty array instead.`;
    return { ok: false, reply: errorReply(400, message, { param, code: 'empty_array' }) };
  }
  return { ok: false, reply: errorReply(400, `Invalid value for '${param}': ${issue.message}.`, { param, code: 'invalid_value' }) };
}

/** ['messages', 0, 'role'] → 'messages[0].role', as OpenAI names parameters. */
function paramName(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
