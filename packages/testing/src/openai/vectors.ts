import { createHash } from 'node:crypto';

/**
 * A deterministic embedding: the normalised sum of one pseudo-random vector per word (seeded by the
 * word's hash). Same text, same vector; texts sharing words point in similar directions, so retrieval
 * demos rank sensibly without a model.
 */
export function embed(text: string, dimensions: number): Float32Array {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  const sum = new Float64Array(dimensions);
  for (const word of words.length > 0 ? words : [text]) {
    const random = mulberry32(createHash('sha256').update(word).digest().readUInt32LE(0));
    for (let i = 0; i < dimensions; i++) sum[i] = (sum[i] ?? 0) + random() * 2 - 1;
  }
  const norm = Math.hypot(...sum) || 1;
  return Float32Array.from(sum, (value) => value / norm);
}

/** What the SDK decodes: the float32 values, little-endian, base64. */
export function toBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

// A tiny seeded generator; quality is irrelevant here, only determinism.
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
