import type OpenAI from 'openai';

export interface Completion {
  text: string;
  /** The model the server says answered (it may name a snapshot, e.g. gpt-4o-2024-08-06). */
  model: string | undefined;
  inputTokens: number;
  outputTokens: number;
}

type Params = Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, 'stream'>;

/** One completion, whole. */
export async function complete(client: OpenAI, params: Params, signal: AbortSignal): Promise<Completion> {
  const completion = await client.chat.completions.create({ ...params, stream: false }, { signal });
  return {
    text: completion.choices[0]?.message.content ?? '',
    model: completion.model,
    inputTokens: completion.usage?.prompt_tokens ?? 0,
    outputTokens: completion.usage?.completion_tokens ?? 0,
  };
}

/** One completion, streamed: `onToken` gets each piece of text as it arrives. */
export async function completeStreaming(client: OpenAI, params: Params, signal: AbortSignal, onToken: (text: string) => void): Promise<Completion> {
  // Without include_usage a stream reports no token counts at all.
  const stream = await client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } }, { signal });
  const result: Completion = { text: '', model: undefined, inputTokens: 0, outputTokens: 0 };
  for await (const chunk of stream) {
    result.model ??= chunk.model;
    const delta = chunk.choices[0]?.delta.content;
    if (delta) {
      result.text += delta;
      onToken(delta);
    }
    if (chunk.usage) {
      result.inputTokens = chunk.usage.prompt_tokens;
      result.outputTokens = chunk.usage.completion_tokens;
    }
  }
  return result;
}
