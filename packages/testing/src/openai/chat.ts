import { answerFor, type Answer } from './chat-answer.ts';
import { answerChunks } from './chat-chunks.ts';
import { parseChatRequest } from './chat-request.ts';
import { modelNotFound } from './errors.ts';
import type { Reply } from '../reply.ts';
import { scriptedFailure, timingOf } from './script.ts';
import type { ScriptedResponse } from './types.ts';

export interface ChatContext {
  models: string[] | undefined;
  nextScripted(): ScriptedResponse | undefined;
  nextId(prefix: 'chatcmpl-' | 'call_'): string;
}

/** POST /v1/chat/completions */
export function handleChat(body: unknown, context: ChatContext): Reply {
  const parsed = parseChatRequest(body);
  if (!parsed.ok) return parsed.reply;
  const request = parsed.value;
  if (context.models !== undefined && !context.models.includes(request.model)) return modelNotFound(request.model);

  // Only accepted requests consume the script, so a scripted answer is not lost on a test's own malformed request.
  const scripted = context.nextScripted() ?? {};
  const failure = scriptedFailure(scripted);
  if (failure !== undefined) return failure;
  const timing = timingOf(scripted);

  const answer = answerFor(request, scripted, () => context.nextId('call_'));
  const id = context.nextId('chatcmpl-');
  const created = Math.floor(Date.now() / 1000);
  if (request.stream === true) {
    const includeUsage = request.stream_options?.include_usage === true;
    // OpenAI streams unnamed `data:` events and ends with `data: [DONE]`.
    const frames = [...answerChunks(answer, { id, created, model: request.model, includeUsage }).map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`), 'data: [DONE]\n\n'];
    return { kind: 'sse', frames, ...timing, ...(scripted.chunkDelayMs === undefined ? {} : { frameDelayMs: scripted.chunkDelayMs }) };
  }
  const completion = { id, object: 'chat.completion', created, model: request.model, choices: [choice(answer)], usage: answer.usage, system_fingerprint: null };
  return { kind: 'json', status: scripted.status ?? 200, body: completion, ...timing };
}

function choice(answer: Answer): object {
  const toolCalls = answer.toolCalls.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
  return {
    index: 0,
    message: { role: 'assistant', content: answer.content, refusal: null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
    logprobs: null,
    finish_reason: answer.finishReason,
  };
}
