import { APIUserAbortError } from '@anthropic-ai/sdk';
import { anthropicClient } from './anthropic-client.ts';
import { fromMessage, StreamedMessage, toChatResult } from './anthropic-answer.ts';
import { toAnthropicParams } from './anthropic-request.ts';
import { explainError } from './errors.ts';
import type { CallOptions, ChatProvider, ChatRequest, ChatResult, ProviderConfig } from './types.ts';

/** A ChatProvider for Anthropic and servers that speak its messages API. */
export function createAnthropicProvider(config: ProviderConfig): ChatProvider {
  const client = anthropicClient(config);

  const chat = async (request: ChatRequest, { signal, onToken }: CallOptions = {}): Promise<ChatResult> => {
    const params = toAnthropicParams(request);
    const answerTool = request.jsonSchema?.name;
    if (onToken === undefined) {
      const message = await client.messages.create({ ...params, stream: false }, { signal });
      return toChatResult(fromMessage(message), answerTool);
    }
    const stream = await client.messages.create({ ...params, stream: true }, { signal });
    const answer = new StreamedMessage(onToken);
    for await (const event of stream) answer.add(event);
    // The SDK ends a stream quietly when its signal aborts: a cut-off answer must not pass as whole.
    if (signal?.aborted === true) throw new APIUserAbortError();
    return toChatResult(answer.answer(), answerTool);
  };

  const listModels = async (signal?: AbortSignal): Promise<string[]> => {
    const ids: string[] = [];
    for await (const model of client.models.list({}, { signal })) ids.push(model.id);
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
