// @switchboard/db: Prisma client factory, the embedded Postgres host (PGlite), the migration
// runner, secrets and repositories. See packages/db/README.md.
export { PrismaClient, Prisma } from './generated/prisma/client.ts';
export type { Channel, Conversation, Credential, Flow, FlowVersion, Message, Run, Setting, Span } from './generated/prisma/client.ts';

export type { Database, OpenDatabaseOptions } from './database.ts';
export { openDatabase } from './open.ts';
export { openEmbedded } from './embedded.ts';
export { openPostgres, redactUrl, MIN_SERVER_VERSION_NUM } from './postgres.ts';
export { createPrismaClient } from './prisma-client.ts';
export { EMBEDDED_POOL_SIZE, EMBEDDED_POSTGRES_CONF } from './embedded-config.ts';
export { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME, parseLockInfo } from './lock.ts';
export type { DataDirLock, LockInfo } from './lock.ts';

export { migrate, MigrationError, MIGRATION_LOCK_KEY } from './migrate.ts';
export type { MigrateOptions, MigrateResult } from './migrate.ts';
export { loadMigrations, checksumMatches, sha256 } from './migrations.ts';
export type { Migration } from './migrations.ts';
export { schemaPath, migrationsDir } from './paths.ts';

export { requireVector, VectorUnavailableError } from './vector.ts';

export { createSecretBox, SecretOpenError, SEALED_VERSION, KEY_BYTES } from './secrets.ts';
export type { SecretBox } from './secrets.ts';
export { loadKeyFile, loadOrCreateKeyFile } from './key-file.ts';
export { createCredentialsRepository } from './credentials.ts';
export type { CredentialsRepository, CredentialSummary, CredentialWithSecret, NewCredential } from './credentials.ts';

export { isUuid } from './uuid.ts';

export { openTestDatabase, createScratchDatabase } from './testing.ts';
export type { TestDatabase } from './testing.ts';

export { compareSchemaWithDatabase } from './schema-check/check.ts';
export { diffShapes, formatDiff } from './schema-check/shape.ts';
export type { ShapeDiff, ShapeLine } from './schema-check/shape.ts';
export { parsePrismaSchema } from './schema-check/parse-prisma.ts';
export { expectedShape } from './schema-check/expected-shape.ts';
export { introspectShape } from './schema-check/introspect.ts';
