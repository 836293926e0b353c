import { createHash } from 'node:crypto';
import type { ChatRequest, ChatResult } from './types.ts';

/**
 * An opt-in cache of whole answers, for flows that ask the same thing again (FAQ bots, classifiers
 * at temperature 0). Entries are evicted least recently used first, and expire after `ttlMs`.
 */
export class ResponseCache {
  private readonly entries = new Map<string, { result: ChatResult; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor({ maxEntries = 500, ttlMs = 60 * 60_000, now = Date.now }: { maxEntries?: number; ttlMs?: number; now?: () => number } = {}) {
    this.maxEntries = maxEntries;
    this.ttlMs = ttlMs;
    this.now = now;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The stored answer with its usage zeroed: a hit costs nothing, so budgets and cost records that
   * read `usage` stay right. The caller records that it was cached.
   */
  get(key: string): ChatResult | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry); // most recently used goes last
    return { ...structuredClone(entry.result), usage: { inputTokens: 0, outputTokens: 0 } };
  }

  /**
   * Stores a finished answer (streamed or not: once chat() resolved, the result is the same). One the
   * provider cut short (content filter, unknown finish) is not stored; asking again may do better.
   */
  set(key: string, result: ChatResult): void {
    if (result.finishReason === 'content_filter' || result.finishReason === 'other') return;
    this.entries.delete(key);
    this.entries.set(key, { result: structuredClone(result), expiresAt: this.now() + this.ttlMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The cache key: a sha256 of the server and the request, the same whatever order its keys came in. */
export function cacheKey(baseUrl: string, request: ChatRequest): string {
  return createHash('sha256').update(canonicalJson({ baseUrl, request })).digest('hex');
}

/** JSON with object keys sorted and undefined members left out, so equal requests hash equally. */
export function canonicalJson(value: unknown): string {
  // undefined, functions and symbols have no JSON of their own.
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
  const members = Object.entries(value)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
  return `{${members.join(',')}}`;
}

/** The process-wide cache every model node shares. */
export const responseCache = new ResponseCache();
