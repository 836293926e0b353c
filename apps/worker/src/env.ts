import path from 'node:path';
import { z } from 'zod';

/** The repository root: the default data directory (and its key file) is the web server's. */
const repoRoot = path.resolve(import.meta.dirname, '../../..');

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const required = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema);

// The web server's levels, so that both can share one environment. The worker's lines are all info.
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  DATABASE_URL: required(z.url({ protocol: /^postgres(ql)?$/ })),
  REDIS_URL: required(z.url({ protocol: /^rediss?$/ })),
  SWITCHBOARD_SECRET_KEY: optional(
    z
      .string()
      .transform((value) => Buffer.from(value, 'base64'))
      .refine((key) => key.length === 32),
  ),
  SWITCHBOARD_DATA_DIR: optional(z.string()).transform((v) => (v === undefined ? path.join(repoRoot, '.switchboard') : path.resolve(v))),
  SWITCHBOARD_QUEUE_PREFIX: optional(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)).transform((v) => v ?? 'switchboard'),
  WORKER_CONCURRENCY: optional(z.coerce.number().int().min(1).max(1000)).transform((v) => v ?? 16),
  WORKER_HEALTH_PORT: optional(z.coerce.number().int().min(0).max(65_535)).transform((v) => v ?? 3001),
  WORKER_HEALTH_HOST: optional(z.string()).transform((v) => v ?? '127.0.0.1'),
  WORKER_LOCK_MS: optional(z.coerce.number().int().min(1000).max(600_000)).transform((v) => v ?? 30_000),
  WORKER_RECONCILE_MS: optional(z.coerce.number().int().min(200).max(600_000)).transform((v) => v ?? 10_000),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)).transform((v) => v ?? 'info'),
});

export type WorkerEnv = z.infer<typeof EnvSchema>;

const allowed: Record<keyof WorkerEnv, string> = {
  DATABASE_URL: 'a postgres:// or postgresql:// URL (required: the Postgres the web server uses)',
  REDIS_URL: 'a redis:// or rediss:// URL (required: the Redis the web server uses)',
  SWITCHBOARD_SECRET_KEY: 'base64 of exactly 32 bytes, the same as the web server\'s; unset: the key file in SWITCHBOARD_DATA_DIR',
  SWITCHBOARD_DATA_DIR: 'a directory path holding secret.key (default ./.switchboard in the repository)',
  SWITCHBOARD_QUEUE_PREFIX: 'letters, digits, _ . - (1 to 64; default switchboard), the same as the web server\'s',
  WORKER_CONCURRENCY: 'an integer from 1 to 1000 (default 16): conversations worked on at once',
  WORKER_HEALTH_PORT: 'an integer from 0 to 65535 (default 3001; 0 picks a free port)',
  WORKER_HEALTH_HOST: 'an interface address for the health endpoint (default 127.0.0.1)',
  WORKER_LOCK_MS: 'an integer number of milliseconds from 1000 to 600000 (default 30000): a worker silent this long is presumed dead',
  WORKER_RECONCILE_MS: 'an integer number of milliseconds from 200 to 600000 (default 10000)',
  LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')} (default info)`,
};

function isEnvKey(key: PropertyKey | undefined): key is keyof WorkerEnv {
  return typeof key === 'string' && key in allowed;
}

/** Reads and validates the worker's environment; the message names each bad variable and what it takes. */
export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path[0];
    if (!isEnvKey(key)) return issue.message;
    const secret = key === 'DATABASE_URL' || key === 'REDIS_URL' || key === 'SWITCHBOARD_SECRET_KEY';
    const shown = secret ? key : `${key}=${JSON.stringify(source[key] ?? '')}`;
    return source[key] === undefined || source[key] === '' ? `${key} is not set: expected ${allowed[key]}` : `${shown} is not valid: expected ${allowed[key]}`;
  });
  throw new Error(lines.join('\n'));
}
