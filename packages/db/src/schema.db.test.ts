import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaPath } from './paths.ts';
import { compareSchemaWithDatabase } from './schema-check/check.ts';
import { formatDiff } from './schema-check/shape.ts';
import { openTestDatabase, type TestDatabase } from './testing.ts';

describe('schema.prisma and the SQL migrations', () => {
  let db: TestDatabase;
  let schema: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    schema = await readFile(schemaPath, 'utf8');
  }, 120_000);
  afterAll(() => db.dispose());

  it('agree: tables, columns, types, nullability, defaults, keys, indexes, foreign keys', async () => {
    const diff = await compareSchemaWithDatabase(db.pool);
    expect(formatDiff(diff)).toBe('schema.prisma and the database agree');
  });

  // Each fixture is schema.prisma with one deliberate mistake; the check must catch every one.
  const mistakes: [string, (source: string) => string, RegExp][] = [
    ['column type', (s) => s.replace('version   Int', 'version   BigInt'), /column flow_versions\.version bigint NOT NULL/],
    ['nullability', (s) => s.replace('externalId    String      @map("external_id")', 'externalId    String?     @map("external_id")'), /column conversations\.external_id text$/m],
    ['default', (s) => s.replace('truncated  Boolean  @default(false)', 'truncated  Boolean  @default(true)'), /DEFAULT true/],
    ['missing index', (s) => s.replace('  @@index([runId, startedAt])\n', ''), /index spans_run_id_started_at_idx on spans \(run_id, started_at\)/],
    ['index column order', (s) => s.replace('@@index([status, resumeAt])', '@@index([resumeAt, status])'), /conversations_resume_at_status_idx/],
    ['unique constraint', (s) => s.replace('@@unique([conversationId, dedupeKey])', '@@index([conversationId, dedupeKey])'), /messages_conversation_id_dedupe_key_idx/],
    ['onDelete rule', (s) => s.replace('onDelete: SetNull)\n  credential', 'onDelete: Cascade)\n  credential'), /channels_flow_id_fkey .* on delete CASCADE/],
    ['column name', (s) => s.replace('@map("waiting_node_id")', '@map("waiting_node")'), /conversations\.waiting_node\b/],
    ['table name', (s) => s.replace('@@map("settings")', '@@map("setting")'), /table setting$/m],
    ['timestamp precision', (s) => s.replace('resumeAt      DateTime?   @map("resume_at") @db.Timestamptz(3)', 'resumeAt      DateTime?   @map("resume_at") @db.Timestamptz(6)'), /timestamp\(6\) with time zone/],
    ['missing model', (s) => s.replace(/model Setting \{[^}]*\}/, ''), /table settings/],
  ];
  for (const [what, mutate, expected] of mistakes) {
    it(`catches a wrong ${what}`, async () => {
      const fixture = mutate(schema);
      expect(fixture).not.toBe(schema);
      const report = formatDiff(await compareSchemaWithDatabase(db.pool, fixture));
      expect(report).toMatch(expected);
    });
  }

  it('catches a column the migrations add but the schema lacks', async () => {
    await db.pool.query('ALTER TABLE "settings" ADD COLUMN "stray" TEXT');
    try {
      const diff = await compareSchemaWithDatabase(db.pool);
      expect(diff.unexpected).toEqual(['column settings.stray text']);
      expect(diff.missing).toEqual([]);
    } finally {
      await db.pool.query('ALTER TABLE "settings" DROP COLUMN "stray"');
    }
  });
});
