import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { join } from 'node:path';
import pg from 'pg';
import { closeOnce, runAll } from './close-once.ts';
import type { Database, OpenDatabaseOptions } from './database.ts';
import { errorMessage } from './errors.ts';
import { EMBEDDED_POOL_SIZE, EMBEDDED_POSTGRES_CONF } from './embedded-config.ts';
import { initdb, isInitialised } from './initdb.ts';
import { acquireDataDirLock } from './lock.ts';
import { migrate } from './migrate.ts';
import { createPrismaClient } from './prisma-client.ts';

/**
 * The embedded database: PGlite (with pgvector) persisted in `<dataDir>/pgdata`, served on a
 * random loopback port so that `pg`, Prisma and psql talk to it like any Postgres. The lock file
 * comes first: two processes opening one PGlite directory silently lose data.
 */
export async function openEmbedded(options: OpenDatabaseOptions): Promise<Database> {
  const log = options.logger ?? (() => undefined);
  const poolSize = options.poolSize ?? EMBEDDED_POOL_SIZE;
  const lock = await acquireDataDirLock(options.dataDir);
  const cleanup: (() => Promise<unknown>)[] = [() => lock.release()];
  const undo = () => runAll(cleanup.slice().reverse());
  try {
    const pgdata = join(options.dataDir, 'pgdata');
    if (!(await isInitialised(pgdata))) {
      log(`embedded database: creating ${pgdata}`);
      await initdb(pgdata);
    }
    const pglite = await PGlite.create({ dataDir: pgdata, extensions: { vector }, postgresqlconf: EMBEDDED_POSTGRES_CONF }).catch((error: unknown) => {
      throw new Error(
        `Could not open the embedded database in ${pgdata}: ${errorMessage(error)}. If it was made by another ` +
          `Switchboard version, run that version to export your data, or move the directory away to start afresh.`,
        { cause: error },
      );
    });
    cleanup.push(() => pglite.close());
    await pglite.exec('CREATE EXTENSION IF NOT EXISTS vector');

    const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: poolSize });
    await server.start();
    cleanup.push(() => server.stop());
    const port = Number(server.getServerConn().split(':').pop());
    await lock.setPort(port);
    const connectionString = `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;

    const pool = new pg.Pool({ connectionString, max: poolSize });
    pool.on('error', (error) => {
      log(`embedded database: idle connection failed: ${error.message}`);
    });
    cleanup.push(() => pool.end());
    await migrate(pool, { logger: log });

    const prisma = createPrismaClient(pool);
    cleanup.push(() => prisma.$disconnect());
    log(`embedded database: ${pgdata} served on 127.0.0.1:${port}`);
    return { kind: 'embedded', prisma, pool, connectionString, close: closeOnce(undo) };
  } catch (error) {
    await undo().catch(() => undefined);
    throw error;
  }
}
