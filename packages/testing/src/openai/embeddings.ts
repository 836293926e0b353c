import { z } from 'zod';
import { modelNotFound } from './errors.ts';
import type { Reply } from '../reply.ts';
import { countTokens } from './tokens.ts';
import { validate } from './validate.ts';
import { embed, toBase64 } from './vectors.ts';

/** Small by default so recorded bodies stay readable; ask for `dimensions` to match a real model. */
export const defaultDimensions = 8;

const tokens = z.array(z.number().int()).min(1);

// Every accepted input shape becomes a list of texts; token arrays count one word per token id.
const input = z.union([
  z.string().transform((text) => [text]),
  z.array(z.string()).min(1),
  tokens.transform((ids) => [ids.join(' ')]),
  z.array(tokens).min(1).transform((lists) => lists.map((ids) => ids.join(' '))),
]);

const embeddingRequestSchema = z.looseObject({
  model: z.string(),
  input,
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
});

/** POST /v1/embeddings */
export function handleEmbeddings(body: unknown, models: string[] | undefined): Reply {
  const parsed = validate(embeddingRequestSchema, body);
  if (!parsed.ok) return parsed.reply;
  const request = parsed.value;
  if (models !== undefined && !models.includes(request.model)) return modelNotFound(request.model);

  const texts = request.input;
  const data = texts.map((text, index) => {
    const vector = embed(text, request.dimensions ?? defaultDimensions);
    // The SDK asks for base64 unless told otherwise and decodes it; answering floats to it would be silently wrong.
    const embedding = request.encoding_format === 'base64' ? toBase64(vector) : Array.from(vector);
    return { object: 'embedding', index, embedding };
  });
  const promptTokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
  return {
    kind: 'json',
    status: 200,
    body: { object: 'list', data, model: request.model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } },
  };
}
