import path from 'node:path';
import { z } from 'zod';

/** The repository root: the default data directory lives here whatever the working directory is. */
const repoRoot = path.resolve(import.meta.dirname, '../../..');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Unset and empty mean the same thing: `PORT= npm start` should not fail on "".
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const EnvSchema = z.object({
  PORT: optional(z.coerce.number().int().min(0).max(65_535)).transform((v) => v ?? 3000),
  HOST: optional(z.string()).transform((v) => v ?? '127.0.0.1'),
  SWITCHBOARD_DATA_DIR: optional(z.string()).transform((v) =>
    v === undefined ? path.join(repoRoot, '.switchboard') : path.resolve(v),
  ),
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/ })),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)).transform((v) => v ?? 'info'),
  SWITCHBOARD_SECRET_KEY: optional(
    z
      .string()
      .transform((value) => Buffer.from(value, 'base64'))
      .refine((key) => key.length === 32),
  ),
  SWITCHBOARD_MAX_MESSAGE_BYTES: optional(z.coerce.number().int().min(1024).max(64 * 1024 * 1024)).transform(
    (v) => v ?? 64 * 1024,
  ),
  REDIS_URL: optional(z.url({ protocol: /^rediss?$/ })),
  SWITCHBOARD_QUEUE_PREFIX: optional(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)).transform((v) => v ?? 'switchboard'),
  SWITCHBOARD_REPLY_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(600_000)).transform((v) => v ?? 30_000),
  SWITCHBOARD_PUBLIC_URL: optional(z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''))),
});

export type Env = z.infer<typeof EnvSchema>;

/** What each variable accepts, for the message shown when a value is wrong. */
const allowed: Record<keyof Env, string> = {
  PORT: 'an integer from 0 to 65535 (default 3000)',
  HOST: 'an interface address to listen on (default 127.0.0.1; 0.0.0.0 for all interfaces)',
  SWITCHBOARD_DATA_DIR: 'a directory path (default ./.switchboard in the repository)',
  DATABASE_URL: 'a postgres:// or postgresql:// URL, or unset for the embedded database',
  LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')} (default info)`,
  SWITCHBOARD_SECRET_KEY: 'base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`), or unset for a key file in the data directory',
  SWITCHBOARD_MAX_MESSAGE_BYTES: 'an integer number of bytes from 1024 to 67108864 (default 65536)',
  REDIS_URL: 'a redis:// or rediss:// URL for queue mode (needs DATABASE_URL), or unset to run turns in this process',
  SWITCHBOARD_QUEUE_PREFIX: 'letters, digits, _ . - (1 to 64; default switchboard): the key prefix in Redis',
  SWITCHBOARD_REPLY_TIMEOUT_MS: 'an integer number of milliseconds from 100 to 600000 (default 30000)',
  SWITCHBOARD_PUBLIC_URL: 'the http(s) address platforms reach this server at, e.g. https://bots.example.com (for channel webhooks), or unset',
};

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

function isEnvKey(key: PropertyKey | undefined): key is keyof Env {
  return typeof key === 'string' && key in allowed;
}

/** Reads and validates the environment; call once at start. Throws EnvError naming each bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path[0];
    if (!isEnvKey(key)) return issue.message;
    // A database URL may carry a password: name the variable, never echo its value.
    const shown = key === 'DATABASE_URL' || key === 'REDIS_URL' || key === 'SWITCHBOARD_SECRET_KEY' ? key : `${key}=${JSON.stringify(source[key] ?? '')}`;
    return `${shown} is not valid: expected ${allowed[key]}`;
  });
  throw new EnvError(lines.join('\n'));
}
