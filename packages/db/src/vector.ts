import type { Database } from './database.ts';
import { errorMessage } from './errors.ts';

/**
 * Resolves when the `vector` extension is installed in the database (creating it if the server
 * has it), otherwise throws an error that says what to do.
 */
export async function requireVector(db: Pick<Database, 'pool' | 'kind'>): Promise<void> {
  const installed = await db.pool.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'");
  if (installed.rowCount !== 0) return;
  const available = await db.pool.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
  if (available.rowCount === 0) throw new VectorUnavailableError();
  try {
    await db.pool.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    throw new Error(
      `The Postgres server has pgvector, but the extension could not be created in this database: ${errorMessage(error)}. ` +
        `Ask a superuser to run CREATE EXTENSION vector; in it.`,
      { cause: error },
    );
  }
}

export class VectorUnavailableError extends Error {
  constructor() {
    super(
      'The Postgres server has no pgvector extension, which knowledge bases need for vector search. ' +
        'Install it on the server (Debian/Ubuntu with the PGDG repository: apt install postgresql-<major>-pgvector; ' +
        'Docker: the pgvector/pgvector image; managed services: enable the "vector" extension), ' +
        'or unset DATABASE_URL to use the embedded database, which includes pgvector.',
    );
    this.name = 'VectorUnavailableError';
  }
}
