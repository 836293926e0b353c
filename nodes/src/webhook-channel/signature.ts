import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-switchboard-signature';
export const SECRET_HEADER = 'x-switchboard-secret';
/** A signed request older (or further ahead) than this is refused, so a captured one cannot be replayed. */
export const MAX_SKEW_SECONDS = 5 * 60;

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Compares through digests, so neither the length nor the content of the expected value leaks. */
function same(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The X-Switchboard-Signature value for a body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signatureHeader(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/**
 * Checks a signature header against the body and the time it arrived. Several `v1` entries are
 * allowed (a sender rotating secrets signs with both). Says why it is refused, or undefined.
 */
export function signatureProblem(secret: string, header: string | undefined, body: string, receivedAt: number): string | undefined {
  if (header === undefined || header === '') return 'the X-Switchboard-Signature header is missing';
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = parts.find(([key]) => key === 't')?.[1];
  const signatures = parts.flatMap(([key, value]) => (key === 'v1' && value !== undefined ? [value.toLowerCase()] : []));
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return 'the X-Switchboard-Signature header has no t=<unix seconds>';
  if (signatures.length === 0) return 'the X-Switchboard-Signature header has no v1=<hex HMAC-SHA256>';
  if (Math.abs(receivedAt / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return 'the signature\'s timestamp is more than 5 minutes away from now: a stale or replayed request';
  const expected = hmac(secret, Number(timestamp), body);
  // Every candidate is compared, so the time taken does not say which one matched.
  const matched = signatures.map((candidate) => same(candidate, expected)).includes(true);
  return matched ? undefined : 'the X-Switchboard-Signature does not match the body: wrong secret, or a changed body';
}

/** Checks the X-Switchboard-Secret header. */
export function secretProblem(secret: string, header: string | undefined): string | undefined {
  if (header === undefined || header === '') return 'the X-Switchboard-Secret header is missing';
  return same(header, secret) ? undefined : 'the X-Switchboard-Secret header is wrong';
}
