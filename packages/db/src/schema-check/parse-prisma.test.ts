import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { schemaPath } from '../paths.ts';
import { expectedShape } from './expected-shape.ts';
import { parsePrismaSchema } from './parse-prisma.ts';

describe('schema.prisma parser', () => {
  it('reads every model of the real schema', async () => {
    const models = parsePrismaSchema(await readFile(schemaPath, 'utf8'));
    expect(models.map((m) => m.name)).toEqual(['Flow', 'FlowVersion', 'Conversation', 'Message', 'OutboxItem', 'Run', 'Span', 'InboxItem', 'Checkpoint', 'Credential', 'Channel', 'Setting', 'Template', 'Persona', 'UsageDaily']);
  });

  it('renders Prisma’s Postgres naming and types', () => {
    const shape = expectedShape(
      parsePrismaSchema(`
        model A {
          id   String @id @db.Uuid // comment with "quotes"
          bId  String? @map("b_id") @db.Uuid
          tags String[]
          v    Unsupported("vector(384)")?
          n    Decimal
          b    B? @relation(fields: [bId], references: [id])
          @@unique([tags], map: "custom_name")
          @@map("as")
        }
        model B {
          id String @id
          a  A[]
        }`),
    );
    expect(shape).toEqual(
      expect.arrayContaining([
        'column as.b_id uuid',
        'column as.tags text[] NOT NULL',
        'column as.v vector(384)',
        'column as.n numeric(65,30) NOT NULL',
        'primary key as_pkey on as (id)',
        'unique index custom_name on as (tags)',
        'foreign key as_b_id_fkey on as (b_id) references B (id) on delete SET NULL on update CASCADE',
      ]),
    );
  });

  it('refuses what it does not understand rather than skipping it', () => {
    expect(() => parsePrismaSchema('enum Status {\n  active\n}\n')).toThrow(/does not understand "enum" blocks/);
    expect(() => expectedShape(parsePrismaSchema('model A {\n  id Int @id @default(sequence())\n}\n'))).toThrow(/@default\(sequence\(\)\)/);
  });
});
