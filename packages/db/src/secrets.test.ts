import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretOpenError } from './secrets.ts';

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips text of any kind', () => {
    for (const text of ['', 'sk-test-123', 'ключ ✓ 🔑', 'x'.repeat(100_000)]) expect(box.open(box.seal(text))).toBe(text);
  });

  it('writes the versioned format: version byte, 12-byte IV, 16-byte tag, ciphertext', () => {
    const sealed = box.seal('hello');
    expect(sealed[0]).toBe(1);
    expect(sealed.length).toBe(1 + 12 + 16 + 5);
    expect(sealed.includes(Buffer.from('hello'))).toBe(false);
  });

  it('uses a fresh IV every time', () => {
    expect(box.seal('same').equals(box.seal('same'))).toBe(false);
  });

  it('detects tampering with any byte', () => {
    const sealed = box.seal('attack at dawn');
    for (let i = 1; i < sealed.length; i++) {
      const tampered = Buffer.from(sealed);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      expect(() => box.open(tampered)).toThrow(SecretOpenError);
    }
    expect(() => box.open(sealed.subarray(0, sealed.length - 1))).toThrow(/tampered/);
  });

  it('rejects an unknown version and a truncated value clearly', () => {
    const sealed = box.seal('x');
    sealed[0] = 2;
    expect(() => box.open(sealed)).toThrow('unknown format version 2');
    expect(() => box.open(Buffer.alloc(10))).toThrow('too short');
  });

  it('does not open with another key', () => {
    expect(() => createSecretBox(randomBytes(32)).open(box.seal('x'))).toThrow(/different key/);
  });

  it('binds the context (e.g. the credential id)', () => {
    const sealed = box.seal('token', 'credential-a');
    expect(box.open(sealed, 'credential-a')).toBe('token');
    expect(() => box.open(sealed, 'credential-b')).toThrow(SecretOpenError);
    expect(() => box.open(sealed)).toThrow(SecretOpenError);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow('must be 32 bytes, got 16');
  });
});
