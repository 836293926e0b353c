import { answerFor } from './answer.ts';
import { conversationProblem } from './conversation.ts';
import { invalidRequest, modelNotFound, scriptedErrorReply } from './errors.ts';
import type { Reply } from '../reply.ts';
import { parseMessagesRequest } from './request.ts';
import { streamEvents, usageFields } from './stream-events.ts';
import type { ScriptedResponse } from './types.ts';

export interface MessagesContext {
  models: string[] | undefined;
  nextScripted(): ScriptedResponse | undefined;
  nextId(prefix: 'msg_' | 'toolu_'): string;
}

/** POST /v1/messages */
export function handleMessages(body: unknown, context: MessagesContext): Reply {
  const parsed = parseMessagesRequest(body);
  if (!parsed.ok) return invalidRequest(parsed.message);
  const request = parsed.value;
  const problem = conversationProblem(request);
  if (problem !== undefined) return invalidRequest(problem);
  if (context.models !== undefined && !context.models.includes(request.model)) return modelNotFound(request.model);

  // Only accepted requests consume the script, so a scripted answer is not lost on a test's own malformed request.
  const scripted = context.nextScripted() ?? {};
  const timing = { headers: scripted.headers, delayMs: scripted.delayMs };
  if (scripted.status !== undefined && scripted.status >= 400) return { ...scriptedErrorReply(scripted.status, scripted.content), ...timing };

  const answer = answerFor(request, scripted, () => context.nextId('toolu_'));
  const id = context.nextId('msg_');
  // Anthropic names each event: `event: <type>` then its `data:`.
  if (request.stream === true) {
    const frames = streamEvents(answer, { id, model: request.model }).map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    return { kind: 'sse', frames, ...timing };
  }
  const message = {
    id,
    type: 'message',
    role: 'assistant',
    model: request.model,
    content: answer.content,
    stop_reason: answer.stopReason,
    stop_sequence: null,
    usage: usageFields(answer.usage.input_tokens, answer.usage.output_tokens),
  };
  return { kind: 'json', status: scripted.status ?? 200, body: message, ...timing };
}
