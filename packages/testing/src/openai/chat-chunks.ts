import type { Answer } from './chat-answer.ts';

interface ChunkHeader {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
}

/**
 * The answer as OpenAI streams it: a role delta, the content word by word, each tool call as a header
 * (id, name) followed by argument fragments keyed by `index` (clients must reassemble them), a
 * finish_reason chunk, and with include_usage a last chunk with no choices and the usage.
 */
export function answerChunks(answer: Answer, header: ChunkHeader): unknown[] {
  const base = { id: header.id, object: 'chat.completion.chunk', created: header.created, model: header.model, system_fingerprint: null };
  // With include_usage OpenAI sends `usage: null` on every chunk but the last.
  const chunk = (delta: object, finishReason: Answer['finishReason'] | null = null): object => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(header.includeUsage ? { usage: null } : {}),
  });

  const chunks: unknown[] = [chunk({ role: 'assistant', content: answer.content === null ? null : '', refusal: null })];
  for (const word of pieces(answer.content ?? '', /\s*\S+|\s+/g)) chunks.push(chunk({ content: word }));
  for (const [index, call] of answer.toolCalls.entries()) {
    chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const fragment of pieces(call.arguments, /[^]{1,8}/g)) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
    }
  }
  chunks.push(chunk({}, answer.finishReason));
  if (header.includeUsage) chunks.push({ ...base, choices: [], usage: answer.usage });
  return chunks;
}

function pieces(text: string, pattern: RegExp): string[] {
  return text.match(pattern) ?? [];
}
