import type pg from 'pg';
import type { PrismaClient } from './generated/prisma/client.ts';

export interface Database {
  kind: 'embedded' | 'postgres';
  prisma: PrismaClient;
  pool: pg.Pool;
  /** For psql and debugging. */
  connectionString: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** DATABASE_URL. Unset: the embedded database in `dataDir`. */
  url?: string;
  /** SWITCHBOARD_DATA_DIR: holds the embedded database (pgdata/) and its lock file. */
  dataDir: string;
  logger?: (line: string) => void;
  /** Connections in the pool (default: 4 embedded, 10 Postgres). */
  poolSize?: number;
}
