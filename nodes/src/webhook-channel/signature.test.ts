import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretProblem, signatureHeader, signatureProblem } from './signature.ts';

const SECRET = 'a-secret-of-some-length';
const NOW = 1_800_000_000_000;
const T = NOW / 1000;

describe('webhook channel signatures', () => {
  it('signs t.body with HMAC-SHA256 and accepts its own signature', () => {
    const header = signatureHeader(SECRET, '{"a":1}', T);
    expect(header).toBe(`t=${T},v1=${createHmac('sha256', SECRET).update(`${T}.{"a":1}`).digest('hex')}`);
    expect(signatureProblem(SECRET, header, '{"a":1}', NOW)).toBeUndefined();
  });

  it('accepts any of several v1 signatures, as when a sender rotates its secret', () => {
    const good = signatureHeader(SECRET, 'body', T).split(',')[1] ?? '';
    expect(signatureProblem(SECRET, `t=${T},v1=${'0'.repeat(64)},${good}`, 'body', NOW)).toBeUndefined();
  });

  it('refuses a changed body, another secret, a missing or malformed header', () => {
    const header = signatureHeader(SECRET, 'body', T);
    expect(signatureProblem(SECRET, header, 'body!', NOW)).toMatch(/does not match/);
    expect(signatureProblem('another-secret-entirely', header, 'body', NOW)).toMatch(/does not match/);
    expect(signatureProblem(SECRET, undefined, 'body', NOW)).toMatch(/missing/);
    expect(signatureProblem(SECRET, `v1=${'0'.repeat(64)}`, 'body', NOW)).toMatch(/no t=/);
    expect(signatureProblem(SECRET, `t=${T}`, 'body', NOW)).toMatch(/no v1=/);
  });

  it('refuses a timestamp more than five minutes off, either way', () => {
    expect(signatureProblem(SECRET, signatureHeader(SECRET, 'body', T - 299), 'body', NOW)).toBeUndefined();
    expect(signatureProblem(SECRET, signatureHeader(SECRET, 'body', T - 301), 'body', NOW)).toMatch(/5 minutes/);
    expect(signatureProblem(SECRET, signatureHeader(SECRET, 'body', T + 301), 'body', NOW)).toMatch(/5 minutes/);
  });

  it('checks a shared secret header exactly', () => {
    expect(secretProblem(SECRET, SECRET)).toBeUndefined();
    expect(secretProblem(SECRET, `${SECRET} `)).toMatch(/wrong/);
    expect(secretProblem(SECRET, undefined)).toMatch(/missing/);
  });
});
