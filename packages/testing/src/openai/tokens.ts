/** Deterministic stand-in for a tokenizer: one token per whitespace-separated word, so tests can do cost arithmetic by hand. */
export function countTokens(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}
