import { randomBytes } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Ids sort by creation time,
 * which the (conversation_id, id) indexes on messages and runs rely on for ordering.
 * Within one millisecond, ids from one process still increase (the random part is a counter).
 */
let lastMs = 0;
let lastRandom: Buffer = Buffer.alloc(10);

export function newId(now: number = Date.now()): string {
  const bytes = Buffer.alloc(16);
  if (now <= lastMs) {
    now = lastMs;
    lastRandom = increment(lastRandom);
  } else {
    lastMs = now;
    lastRandom = randomBytes(10);
  }
  bytes.writeUIntBE(now, 0, 6);
  lastRandom.copy(bytes, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function increment(value: Buffer): Buffer {
  const next = Buffer.from(value);
  for (let i = next.length - 1; i >= 0; i--) {
    const byte = (next[i] ?? 0) + 1;
    next[i] = byte & 0xff;
    if (byte <= 0xff) break;
  }
  return next;
}
