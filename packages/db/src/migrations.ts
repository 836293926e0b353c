import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { migrationsDir as defaultMigrationsDir } from './paths.ts';

/** One folder of prisma/migrations: `<timestamp>_<name>/migration.sql`. */
export interface Migration {
  name: string;
  sql: string;
  /** sha256 of the file, hex, as Prisma records it in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** Reads the migrations in the order Prisma applies them (by folder name). */
export async function loadMigrations(dir: string = defaultMigrationsDir): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: sha256(bytes) };
    }),
  );
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Whether a recorded checksum belongs to this script. Like Prisma, a checkout that only changed
 * line endings (git on Windows) still matches.
 */
export function checksumMatches(migration: Migration, checksum: string): boolean {
  if (migration.checksum === checksum) return true;
  const unix = migration.sql.replaceAll('\r\n', '\n');
  return sha256(unix) === checksum || sha256(unix.replaceAll('\n', '\r\n')) === checksum;
}
