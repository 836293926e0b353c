/**
 * Node's own fetch, as it was when this module loaded. Next.js, which serves the pages in the same
 * process, later replaces the global fetch with one that traces and caches for server rendering;
 * model calls need none of that, and on a busy server its wrapping costs a share of every call.
 */
export const nativeFetch: typeof fetch = globalThis.fetch;
