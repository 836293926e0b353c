import { createHmac } from 'node:crypto';

/** Slack's request signature: v0=hex(hmac_sha256(secret, "v0:<timestamp>:<body>")). */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature(secret, timestamp, body) };
}
