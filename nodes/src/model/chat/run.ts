import { implementNode } from '@switchboard/flow-schema';
import OpenAI from 'openai';
import { openaiCredential } from '../../shared/credentials.ts';
import { complete, completeStreaming } from './complete.ts';
import { chatModelDefinition } from './definition.ts';
import { explainError } from './errors.ts';
import { buildMessages } from './messages.ts';

// The SDK refuses to start without a key; local servers (Ollama, vLLM …) ignore whatever is sent.
const NO_KEY = 'no-key';

export const chatModelNode = implementNode(chatModelDefinition, async (ctx) => {
  const { baseUrl, model, systemPrompt, useMemory, memoryLimit, temperature, maxTokens, stream } = ctx.config;
  const prompt = ctx.config.prompt.trim() === '' ? ctx.event.text : ctx.config.prompt;
  if (prompt.trim() === '') throw new Error('nothing to ask: the prompt is empty and so is the incoming message\'s text; write a prompt');
  const apiKey = readApiKey(ctx.credential);
  const client = new OpenAI({
    apiKey: apiKey ?? NO_KEY,
    baseURL: baseUrl,
    // The engine retries with its own backoff inside the node's time budget; SDK retries would hide in it.
    maxRetries: 0,
    // Explicit, so the server's own OPENAI_ORG_ID / OPENAI_PROJECT_ID never reach a third-party endpoint.
    organization: null,
    project: null,
  });
  const history = useMemory ? ctx.memory.read(memoryLimit) : [];
  const params = {
    model,
    messages: buildMessages(systemPrompt, history, prompt),
    ...(temperature === undefined ? {} : { temperature }),
    // max_tokens, not max_completion_tokens: it is the one every OpenAI-compatible server understands.
    ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
  };
  const request = stream
    ? completeStreaming(client, params, ctx.signal, (token) => {
        ctx.token(token);
      })
    : complete(client, params, ctx.signal);
  const answer = await request.catch((error: unknown) => {
    ctx.signal.throwIfAborted(); // the engine's timeout or cancellation says more than "Request was aborted."
    throw explainError(error, { baseUrl, model, hasKey: apiKey !== undefined });
  });
  ctx.usage({ model: answer.model ?? model, inputTokens: answer.inputTokens, outputTokens: answer.outputTokens });
  if (useMemory) ctx.memory.append({ role: 'user', content: prompt }, { role: 'assistant', content: answer.text });
  return { outputs: { text: answer.text } };
});

function readApiKey(credential: Readonly<Record<string, string>> | undefined): string | undefined {
  if (credential === undefined) return undefined;
  const parsed = openaiCredential.secrets.safeParse(credential);
  if (!parsed.success) throw new Error('the credential has no API key: edit it and fill in "apiKey"');
  return parsed.data.apiKey;
}
