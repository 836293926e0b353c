// Runs PGlite's initdb in a child process (see initdb.ts): `node initdb-child.ts <dir>`.
import { PGlite } from '@electric-sql/pglite';
import { EMBEDDED_POSTGRES_CONF } from './embedded-config.ts';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: node initdb-child.ts <pgdata dir>');
const db = await PGlite.create({ dataDir: dir, postgresqlconf: EMBEDDED_POSTGRES_CONF });
await db.close();
