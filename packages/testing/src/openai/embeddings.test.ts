import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAIServer } from './server.ts';
import type { OpenAIServer } from './types.ts';

let server: OpenAIServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startOpenAIServer();
  client = new OpenAI({ baseURL: server.url, apiKey: 'test-key', maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
});

const model = 'text-embedding-3-small';
const texts = ['the cat sat on the mat', 'a cat sat on a mat', 'quarterly revenue grew fast'];

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
}

function vectors(response: OpenAI.CreateEmbeddingResponse): number[][] {
  return response.data.map((item) => item.embedding);
}

describe('embeddings', () => {
  it('gives the same vectors whether the SDK asks for base64 (its default) or floats', async () => {
    const byDefault = await client.embeddings.create({ model, input: texts });
    const asFloats = await client.embeddings.create({ model, input: texts, encoding_format: 'float' });
    expect(server.requests.map((request) => request.body)).toMatchObject([
      { encoding_format: 'base64' },
      { encoding_format: 'float' },
    ]);
    expect(vectors(byDefault)).toEqual(vectors(asFloats));
    expect(vectors(asFloats)).toHaveLength(3);
    for (const vector of vectors(asFloats)) {
      expect(vector).toHaveLength(8);
      expect(cosine(vector, vector)).toBeCloseTo(1, 5);
    }
  });

  it('answers base64 of little-endian float32 when asked', async () => {
    const input = texts[0] ?? '';
    const asFloats = await client.embeddings.create({ model, input, encoding_format: 'float' });
    // Asked explicitly, the SDK hands the wire value through untouched.
    const encoded = (await client.embeddings.create({ model, input, encoding_format: 'base64' })).data[0]?.embedding;
    expect(typeof encoded).toBe('string');
    const bytes = Buffer.from(encoded ?? '', 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    expect(decoded).toEqual(asFloats.data[0]?.embedding);
  });

  it('is deterministic, honours dimensions and puts texts that share words closer', async () => {
    const first = vectors(await client.embeddings.create({ model, input: texts, dimensions: 256 }));
    const again = vectors(await client.embeddings.create({ model, input: texts, dimensions: 256 }));
    expect(again).toEqual(first);
    const [cat, otherCat, revenue] = first;
    expect(cat).toHaveLength(256);
    expect(cosine(cat ?? [], otherCat ?? [])).toBeGreaterThan(cosine(cat ?? [], revenue ?? []) + 0.3);
  });

  it('counts one prompt token per word, token arrays included', async () => {
    const response = await client.embeddings.create({ model, input: [[1, 2, 3], [4, 5]] });
    expect(response.data).toHaveLength(2);
    expect(response.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
  });
});
