let lastMs = 0;
let sequence = 0;

// Random bytes are drawn in bulk: one system call per 256 ids instead of one per id (ids are made
// about ten times per turn, and a per-id call showed up in profiles of the hot path).
const POOL_IDS = 256;
const pool = new Uint8Array(16 * POOL_IDS);
let poolOffset = pool.length;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * A UUIDv7: time-ordered, so ids created in a row sort in creation order and index inserts stay local.
 * Within one millisecond a counter in the random bits keeps the order strict.
 */
export function newId(now: number = Date.now()): string {
  if (now <= lastMs) {
    sequence += 1;
    now = lastMs;
    // 12 bits of sequence per millisecond: past 4096 ids, borrow the next millisecond.
    if (sequence > 0xfff) {
      lastMs += 1;
      now = lastMs;
      sequence = 0;
    }
  } else {
    lastMs = now;
    sequence = 0;
  }
  if (poolOffset >= pool.length) {
    // Web Crypto: available in Node and in browsers alike.
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  // 48 bits of milliseconds; division instead of shifts because they exceed 32 bits.
  let ms = now;
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  let hex = '';
  for (let i = 0; i < 16; i += 1) {
    hex += HEX[bytes[i] ?? 0] ?? '';
    if (i === 3 || i === 5 || i === 7 || i === 9) hex += '-';
  }
  return hex;
}
