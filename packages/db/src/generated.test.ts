import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { schemaPath } from './paths.ts';

// The client in src/generated is gitignored and made by `npm ci` (postinstall); after editing
// schema.prisma, run `npm run generate -w @switchboard/db`.
describe('generated Prisma Client', () => {
  it('was generated from the current schema.prisma', async () => {
    const generated = await readFile(new URL('./generated/prisma/internal/class.ts', import.meta.url), 'utf8');
    const literal = /"inlineSchema": ("(?:[^"\\]|\\.)*")/.exec(generated)?.[1];
    expect(literal, 'no inlineSchema in the generated client').toBeDefined();
    const inline: unknown = JSON.parse(literal ?? '""');
    expect(inline === (await readFile(schemaPath, 'utf8')), 'stale client: run `npm run generate -w @switchboard/db`').toBe(true);
  });
});
