import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HttpDelivery } from '@switchboard/channels';

/** Slack's advice: refuse requests signed more than five minutes from now, so a captured one cannot be replayed. */
const MAX_SKEW_SECONDS = 5 * 60;

export function headerOf(delivery: HttpDelivery, name: string): string | undefined {
  const direct = delivery.headers[name];
  if (direct !== undefined) return direct;
  const key = Object.keys(delivery.headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : delivery.headers[key];
}

/**
 * Checks Slack's request signature (v0: HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing
 * secret) and its age. Says why a request is refused, or undefined when it is genuine.
 */
export function signatureProblem(signingSecret: string, delivery: HttpDelivery): string | undefined {
  const signature = headerOf(delivery, 'x-slack-signature');
  const timestamp = headerOf(delivery, 'x-slack-request-timestamp');
  if (signature === undefined || signature === '') return 'the X-Slack-Signature header is missing';
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return 'the X-Slack-Request-Timestamp header is missing or not a number';
  if (Math.abs(delivery.receivedAt / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) {
    return 'the X-Slack-Request-Timestamp is more than 5 minutes away from now: a stale or replayed request';
  }
  const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${delivery.rawBody}`).digest('hex')}`;
  const given = Buffer.from(signature);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return 'the X-Slack-Signature does not match the body: wrong signing secret, or a forged request';
  return undefined;
}
