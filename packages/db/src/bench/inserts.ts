// Simple inserts per second through the pool: `node inserts.ts <dataDir> [url] [count]`.
import { newId } from '@switchboard/flow-schema';
import { openDatabase } from '../open.ts';

const [dataDir, url, countArg] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: node inserts.ts <dataDir> [url] [count]');
const count = Number(countArg ?? 2000);
const db = await openDatabase({ dataDir, url: url === '' ? undefined : url });
const flowId = newId();
const conversationId = newId();
await db.prisma.flow.create({ data: { id: flowId, name: 'bench', draft: {} } });
await db.prisma.conversation.create({ data: { id: conversationId, flowId, channel: 'bench', externalId: newId(), status: 'active' } });
const insert = 'INSERT INTO messages (id, conversation_id, direction, text, data) VALUES ($1, $2, $3, $4, $5)';
const row = (i: number) => [newId(), conversationId, 'in', `message ${i}`, JSON.stringify({ i, platform: { id: i } })];

async function measure(name: string, run: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${db.kind.padEnd(8)} ${name.padEnd(44)} ${Math.round(count / seconds)} rows/s`);
}

await measure('pool.query, one at a time', async () => {
  for (let i = 0; i < count; i++) await db.pool.query(insert, row(i));
});
await measure(`pool.query, ${db.pool.options.max} connections concurrently`, async () => {
  let next = 0;
  const worker = async () => {
    while (next < count) await db.pool.query(insert, row(next++));
  };
  await Promise.all(Array.from({ length: db.pool.options.max }, worker));
});
await measure('prisma.message.create, one at a time', async () => {
  for (let i = 0; i < count; i++) {
    await db.prisma.message.create({ data: { id: newId(), conversationId, direction: 'in', text: `m ${i}`, data: { i } } });
  }
});
await measure('one transaction, multi-row INSERT of 100 rows', async () => {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    for (let i = 0; i < count; i += 100) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let j = i; j < Math.min(i + 100, count); j++) {
        const base = values.length;
        tuples.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5})`);
        values.push(...row(j));
      }
      await client.query(`INSERT INTO messages (id, conversation_id, direction, text, data) VALUES ${tuples.join(', ')}`, values);
    }
    await client.query('COMMIT');
  } finally {
    client.release();
  }
});
await db.close();
