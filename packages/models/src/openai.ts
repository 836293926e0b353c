import { APIUserAbortError } from 'openai';
import { explainError } from './errors.ts';
import { openAIClient } from './openai-client.ts';
import { fromCompletion, StreamedCompletion } from './openai-answer.ts';
import { toOpenAIParams } from './openai-request.ts';
import type { CallOptions, ChatProvider, ChatRequest, ChatResult, ProviderConfig } from './types.ts';

/** A ChatProvider for OpenAI and every server that speaks its chat completions API. */
export function createOpenAIProvider(config: ProviderConfig): ChatProvider {
  const client = openAIClient(config);

  const chat = async (request: ChatRequest, { signal, onToken }: CallOptions = {}): Promise<ChatResult> => {
    const params = toOpenAIParams(request);
    if (onToken === undefined) {
      const completion = await client.chat.completions.create({ ...params, stream: false }, { signal });
      return fromCompletion(completion, request.model);
    }
    // Without include_usage a stream reports no token counts at all.
    const stream = await client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } }, { signal });
    const answer = new StreamedCompletion(onToken);
    for await (const chunk of stream) answer.add(chunk);
    // The SDK ends a stream quietly when its signal aborts: a cut-off answer must not pass as whole.
    if (signal?.aborted === true) throw new APIUserAbortError();
    return answer.result(request.model);
  };

  const listModels = async (signal?: AbortSignal): Promise<string[]> => {
    const ids: string[] = [];
    for await (const model of client.models.list({ signal })) ids.push(model.id);
    return ids;
  };

  return {
    config,
    chat: (request, options) => chat(request, options).catch((error: unknown) => {
      throw explainError(error, { provider: config, model: request.model });
    }),
    listModels: (signal) => listModels(signal).catch((error: unknown) => {
      throw explainError(error, { provider: config });
    }),
  };
}
