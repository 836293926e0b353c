import path from 'node:path';
import { openDatabase, openTestDatabase, type TestDatabase } from '@switchboard/db';
import { createSwitchboard, type SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from './api.ts';
import { TEST_BODY_LIMIT, type ErrorAnswer } from './test-api.ts';

// The database stays reachable after the server closes, so the last test can read the stored bytes.
let database: TestDatabase;
let service: SwitchboardService;
let app: FastifyInstance;
beforeAll(async () => {
  database = await openTestDatabase();
  await database.close();
  const { dataDir, url } = database.options;
  service = await createSwitchboard({ dataDir, version: 'test', templatesDir: path.resolve(import.meta.dirname, '../../../../templates'), ...(url === undefined ? {} : { databaseUrl: url }) });
  app = buildApi(service, { bodyLimit: TEST_BODY_LIMIT, logger: false });
  await app.ready();
}, 120_000);
afterAll(async () => {
  await app.close();
  await service.close();
  await database.dispose();
});

const SECRET = 'sk-test-do-not-leak-4f1c9a';
const everyAnswer: string[] = [];

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  const res = await app.inject(payload === undefined ? { method, url } : { method, url, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
  everyAnswer.push(res.body);
  return res;
}

interface Credential {
  id: string;
  name: string;
  type: string;
  createdAt: string;
}

function modelFlow(credentialId: string | undefined, name = 'Model bot') {
  return {
    schemaVersion: 1,
    name,
    nodes: [
      { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
      { id: 'llm', type: 'model.chat', typeVersion: 1, config: { model: 'test-model', baseUrl: 'http://127.0.0.1:9/v1' }, ...(credentialId === undefined ? {} : { credentialId }) },
      { id: 'out', type: 'conversation.reply', typeVersion: 1, config: { text: '{{ nodes.llm.text }}' } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourcePort: 'text', target: 'llm', targetPort: 'in' },
      { id: 'e2', source: 'llm', sourcePort: 'text', target: 'out', targetPort: 'in' },
    ],
  };
}

describe('credentials', () => {
  it('creates a credential and lists it, by type too, without its secret', async () => {
    const created = await call('POST', '/api/v1/credentials', { name: 'OpenAI key', type: 'openai', secret: { apiKey: SECRET } });
    expect(created.statusCode).toBe(201);
    const credential = created.json<Credential>();
    expect(Object.keys(credential).sort()).toEqual(['createdAt', 'id', 'name', 'type']);
    expect(credential).toMatchObject({ name: 'OpenAI key', type: 'openai' });
    expect(Number.isNaN(Date.parse(credential.createdAt))).toBe(false);

    const all = await call('GET', '/api/v1/credentials');
    expect(all.statusCode).toBe(200);
    expect(all.json<{ items: Credential[] }>().items).toContainEqual(credential);
    const openai = await call('GET', '/api/v1/credentials?type=openai');
    expect(openai.json<{ items: Credential[] }>().items.map((entry) => entry.id)).toContain(credential.id);
    const other = await call('GET', '/api/v1/credentials?type=telegram');
    expect(other.json<{ items: Credential[] }>().items).toEqual([]);
  });

  it('answers 400 naming an unknown type, a missing field, an unknown field or a missing name', async () => {
    const unknownType = await call('POST', '/api/v1/credentials', { name: 'x', type: 'carrier-pigeon', secret: { apiKey: SECRET } });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json<ErrorAnswer>().error.code).toBe('unknown_credential_type');
    expect(unknownType.json<ErrorAnswer>().error.message).toContain('`carrier-pigeon`');
    expect(unknownType.json<ErrorAnswer>().error.message).toContain('`openai`');

    const missing = await call('POST', '/api/v1/credentials', { name: 'x', type: 'openai', secret: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<ErrorAnswer>().error).toMatchObject({ code: 'invalid_secret', details: [{ field: 'secret.apiKey', message: '`openai` credentials need `apiKey`' }] });

    const empty = await call('POST', '/api/v1/credentials', { name: 'x', type: 'openai', secret: { apiKey: '' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<ErrorAnswer>().error.message).toContain('secret.apiKey');

    const extra = await call('POST', '/api/v1/credentials', { name: 'x', type: 'openai', secret: { apiKey: SECRET, password: SECRET } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json<ErrorAnswer>().error.message).toContain('no field `password`');

    const noName = await call('POST', '/api/v1/credentials', { name: ' ', type: 'openai', secret: { apiKey: SECRET } });
    expect(noName.statusCode).toBe(400);
    expect(noName.json<ErrorAnswer>().error.message).toContain('name');

    const notStrings = await call('POST', '/api/v1/credentials', { name: 'x', type: 'openai', secret: { apiKey: 42 } });
    expect(notStrings.statusCode).toBe(400);
    expect(notStrings.json<ErrorAnswer>().error.message).toContain('secret.apiKey');
  });

  it('deletes an unused credential, and answers 404 for an unknown one', async () => {
    const created = await call('POST', '/api/v1/credentials', { name: 'Spare', type: 'openai', secret: { apiKey: SECRET } });
    const { id } = created.json<Credential>();
    expect((await call('DELETE', `/api/v1/credentials/${id}`)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/credentials')).json<{ items: Credential[] }>().items.map((entry) => entry.id)).not.toContain(id);
    const again = await call('DELETE', `/api/v1/credentials/${id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json<ErrorAnswer>().error.code).toBe('credential_not_found');
    expect((await call('DELETE', '/api/v1/credentials/not-a-uuid')).statusCode).toBe(404);
  });

  it('refuses to delete a credential a draft or a live version uses, naming the flows, unless forced', async () => {
    const { id } = (await call('POST', '/api/v1/credentials', { name: 'In use', type: 'openai', secret: { apiKey: SECRET } })).json<Credential>();
    const flow = (await call('POST', '/api/v1/flows', modelFlow(id, 'Uses the key'))).json<{ id: string }>();
    expect((await call('POST', `/api/v1/flows/${flow.id}/publish`)).statusCode).toBe(201);

    const refused = await call('DELETE', `/api/v1/credentials/${id}`);
    expect(refused.statusCode).toBe(409);
    const { error } = refused.json<ErrorAnswer>();
    expect(error.code).toBe('credential_in_use');
    expect(error.message).toContain('“Uses the key” (draft and published)');
    expect(error.message).toContain('?force=1');
    expect(error.details).toEqual({ flows: [{ flowId: flow.id, flowName: 'Uses the key', in: ['draft', 'published'] }] });

    // Taken out of the draft, the live version still uses it.
    expect((await call('PUT', `/api/v1/flows/${flow.id}`, modelFlow(undefined, 'Uses the key'))).statusCode).toBe(200);
    const stillLive = await call('DELETE', `/api/v1/credentials/${id}`);
    expect(stillLive.statusCode).toBe(409);
    expect(stillLive.json<ErrorAnswer>().error.details).toEqual({ flows: [{ flowId: flow.id, flowName: 'Uses the key', in: ['published'] }] });

    // Forced: gone, and the live version that used it stops running with a message that says what to do.
    expect((await call('DELETE', `/api/v1/credentials/${id}?force=1`)).statusCode).toBe(204);
    const chat = await call('POST', `/api/v1/flows/${flow.id}/chat`, { conversationId: 'after-delete', text: 'hi' });
    expect(chat.statusCode).toBe(409);
    expect(chat.json<ErrorAnswer>().error.code).toBe('credential_missing');
    expect(chat.json<ErrorAnswer>().error.message).toContain(id);

    // A draft naming the deleted credential reports it when published.
    expect((await call('PUT', `/api/v1/flows/${flow.id}`, modelFlow(id, 'Uses the key'))).statusCode).toBe(200);
    const publish = await call('POST', `/api/v1/flows/${flow.id}/publish`);
    expect(publish.statusCode).toBe(422);
    expect(publish.json<ErrorAnswer>().error.message).toContain('does not exist');
  });

  it('answers 400 for a bad query', async () => {
    expect((await call('GET', '/api/v1/credentials?kind=openai')).statusCode).toBe(400);
    expect((await call('DELETE', '/api/v1/credentials/00000000-0000-4000-8000-000000000000?force=yes')).statusCode).toBe(400);
  });

  it('never answers with a secret, and stores none in plain text', async () => {
    expect(everyAnswer.length).toBeGreaterThan(10);
    for (const body of everyAnswer) expect(body).not.toContain(SECRET);
    // Every exported flow leaves credentials out as well.
    const flows = (await call('GET', '/api/v1/flows')).json<{ items: { id: string }[] }>().items;
    for (const flow of flows) expect((await call('GET', `/api/v1/flows/${flow.id}/export`)).body).not.toContain(SECRET);

    await app.close();
    await service.close();
    const db = await openDatabase(database.options);
    try {
      const rows = await db.pool.query<{ secret: Buffer; name: string }>('SELECT secret, name FROM credentials');
      expect(rows.rows.length).toBeGreaterThan(0);
      for (const row of rows.rows) {
        expect(row.secret.includes(Buffer.from(SECRET))).toBe(false);
        expect(row.secret.includes(Buffer.from('apiKey'))).toBe(false);
      }
      // Nowhere else in the database either (flow documents, versions, runs, spans …).
      const dump = await db.pool.query<{ text: string }>(
        `SELECT string_agg(t::text, '') AS text FROM (SELECT row_to_json(f)::text AS t FROM flows f UNION ALL SELECT row_to_json(v)::text FROM flow_versions v UNION ALL SELECT row_to_json(s)::text FROM spans s UNION ALL SELECT row_to_json(r)::text FROM runs r) x`,
      );
      expect(dump.rows[0]?.text ?? '').not.toContain(SECRET);
    } finally {
      await db.close();
    }
  });
});
