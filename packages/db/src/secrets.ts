import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Sealed format, version 1: [version byte 0x01][12-byte IV][16-byte GCM tag][ciphertext].
 * AES-256-GCM; the optional context (e.g. a credential id) is bound as associated data, so a
 * sealed value copied to another row does not open.
 */
export const SEALED_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
export const KEY_BYTES = 32;

export interface SecretBox {
  seal(plaintext: string, context?: string): Buffer;
  open(sealed: Buffer, context?: string): string;
}

export class SecretOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretOpenError';
  }
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new Error(`The secret key must be ${KEY_BYTES} bytes, got ${key.length}.`);
  const secretKey = Buffer.from(key);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secretKey, iv, { authTagLength: TAG_BYTES });
      if (context !== undefined) cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(SEALED_VERSION), iv, cipher.getAuthTag(), ciphertext]);
    },
    open(sealed, context) {
      if (sealed.length < HEADER_BYTES) throw new SecretOpenError(`Sealed secret is too short (${sealed.length} bytes).`);
      const version = sealed[0];
      if (version !== SEALED_VERSION) throw new SecretOpenError(`Sealed secret has unknown format version ${version ?? '?'}.`);
      const iv = sealed.subarray(1, 1 + IV_BYTES);
      const tag = sealed.subarray(1 + IV_BYTES, HEADER_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', secretKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      if (context !== undefined) decipher.setAAD(Buffer.from(context, 'utf8'));
      try {
        return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretOpenError(
          'Sealed secret failed authentication: it was tampered with, belongs to another record, or was sealed with a different key.',
        );
      }
    },
  };
}
