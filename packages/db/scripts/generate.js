// Generates the Prisma Client into src/generated/prisma (gitignored) from prisma/schema.prisma.
// Runs as this package's postinstall and as `npm run generate -w @switchboard/db`; needs no network.
//
// `prisma generate` never runs the schema engine, but the CLI insists that the engine binary
// exists and otherwise tries to download it (impossible offline). Any existing file satisfies
// the check, so point it at the schema itself unless the caller set a real engine.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const schema = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));
const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
// eslint-disable-next-line no-restricted-properties -- a build script passing its environment on to the CLI
const inherited = process.env;
const env = {
  ...inherited,
  PRISMA_SCHEMA_ENGINE_BINARY: inherited.PRISMA_SCHEMA_ENGINE_BINARY ?? schema,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
const result = spawnSync(process.execPath, [cli, 'generate', '--schema', schema, '--no-hints'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
