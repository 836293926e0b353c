import { PermanentNodeError, implementNode } from '@switchboard/flow-schema';
import { renderText } from '../../shared/render.ts';
import { respondDefinition } from './definition.ts';

/** The key of a reply's `data` that the webhook endpoint answers with. */
export const HTTP_RESPONSE_KEY = 'httpResponse';

export const respondNode = implementNode(respondDefinition, (ctx) => {
  const { status, contentType } = ctx.config;
  const source = ctx.config.body.trim() === '' ? ctx.inputs.in : ctx.config.body;
  let body: unknown = source;
  if (contentType === 'application/json' && typeof source === 'string') {
    try {
      body = JSON.parse(source);
    } catch (error) {
      throw new PermanentNodeError(`the body is not JSON (${error instanceof Error ? error.message : String(error)}): check the template, or send it as text/plain`);
    }
  }
  if (contentType === 'text/plain') body = renderText(source);
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  ctx.reply({ text, data: { [HTTP_RESPONSE_KEY]: { status, contentType, body } } });
  return { outputs: { out: body } };
});
