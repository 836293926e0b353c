import { fileURLToPath } from 'node:url';

/** prisma/ at the repository root: the one place the database is defined. */
export const schemaPath = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));
