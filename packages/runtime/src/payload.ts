/** Span payloads above this size are replaced by a preview, so one huge output cannot bloat the trace store. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;
const PREVIEW_CHARS = 2048;

export interface Capped {
  value: unknown;
  truncated: boolean;
}

/** Cheap size guard: strings and small objects are measured without serializing twice. */
export function capPayload(value: unknown, limit = MAX_PAYLOAD_BYTES): Capped {
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') return { value, truncated: false };
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text.length <= limit / 4 || Buffer.byteLength(text) <= limit) return { value, truncated: false };
  return { value: { truncated: true, bytes: Buffer.byteLength(text), preview: text.slice(0, PREVIEW_CHARS) }, truncated: true };
}
