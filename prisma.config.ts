// Configuration for the Prisma CLI where its schema engine is available (`prisma migrate deploy`,
// `migrate status`, `studio`): DATABASE_URL=<url, or an embedded database's db.connectionString>.
// The app never reads this file; it opens the database through @switchboard/db, whose own runner
// applies prisma/migrations and records them where `prisma migrate` expects them.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // eslint-disable-next-line no-restricted-properties -- the Prisma CLI's own entry point; unset is fine for generate/validate
  datasource: { url: process.env.DATABASE_URL },
});
