import type { Database, OpenDatabaseOptions } from './database.ts';
import { openEmbedded } from './embedded.ts';
import { openPostgres } from './postgres.ts';

/**
 * Opens the database and migrates it: the embedded PGlite in `dataDir` when `url` is unset,
 * otherwise the Postgres server at `url`. Everything after this point is the same code path.
 */
export function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const url = options.url?.trim();
  return url === undefined || url === '' ? openEmbedded(options) : openPostgres(url, options);
}
