import { defineConfig } from 'vitest/config';

const everywhere = ['packages/*/src/**', 'nodes/src/**', 'apps/*/src/**', 'apps/web/app/**', 'scripts/**'];
const unitTests = everywhere.map((dir) => `${dir}/*.test.ts`);
// Files named *.db.test.ts talk to a database; they run once per backend.
const dbTests = everywhere.map((dir) => `${dir}/*.db.test.ts`);
// Files named *.pg.test.ts need the Postgres server (queue mode: several processes share it).
const pgTests = everywhere.map((dir) => `${dir}/*.pg.test.ts`);

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: unitTests, exclude: [...dbTests, ...pgTests] } },
      { test: { name: 'db:pglite', include: dbTests, env: { SWITCHBOARD_TEST_DB: 'pglite' } } },
      { test: { name: 'db:postgres', include: [...dbTests, ...pgTests], env: { SWITCHBOARD_TEST_DB: 'postgres' } } },
    ],
  },
});
