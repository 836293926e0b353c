import path from 'node:path';
import { openTestDatabase } from '@switchboard/db';
import { createSwitchboard, type SwitchboardService } from '@switchboard/runtime';
import { freePort } from '@switchboard/testing';
import type { FastifyInstance } from 'fastify';
import { buildApi } from './api.ts';

export const TEST_BODY_LIMIT = 64 * 1024;

export interface TestApi {
  app: FastifyInstance;
  service: SwitchboardService;
  close(): Promise<void>;
}

/**
 * The API over the real runtime on a fresh database: a temp data directory seeded from db's PGlite
 * template (a copy takes milliseconds, initdb seconds), or Postgres when SWITCHBOARD_TEST_DB says so.
 */
export async function startTestApi(): Promise<TestApi> {
  const database = await openTestDatabase();
  await database.close(); // createSwitchboard opens it itself, as the server does
  const { dataDir, url } = database.options;
  const templatesDir = path.resolve(import.meta.dirname, '../../../../templates');
  const service = await createSwitchboard({ dataDir, version: 'test', templatesDir, ...(url === undefined ? {} : { databaseUrl: url }) });
  const app = buildApi(service, { bodyLimit: TEST_BODY_LIMIT, logger: false });
  await app.ready();
  return {
    app,
    service,
    async close() {
      await app.close();
      await service.close();
      await database.dispose();
    },
  };
}

export interface ListeningApi extends TestApi {
  /** Where the API listens (http://127.0.0.1:<port>): the public address channels register with platforms. */
  origin: string;
  /** Imports and publishes a flow document; its id. */
  publish(flow: unknown): Promise<string>;
  /**
   * Stores a credential with `secret`, creates a channel of `type` bound to `flowId`, and waits until it
   * is connected (polling and socket channels reach their local platform server first); its id.
   */
  connectChannel(options: { type: string; flowId: string; secret: Record<string, string>; config: Record<string, unknown>; name?: string }): Promise<string>;
}

/**
 * The API listening on a free loopback port, as the channel tests need it: local platform servers
 * deliver to its webhooks over real HTTP. The outbox retries fast, so a failed send is retried in the test.
 */
export async function startListeningApi(): Promise<ListeningApi> {
  const database = await openTestDatabase();
  await database.close();
  const { dataDir, url } = database.options;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const service = await createSwitchboard({ dataDir, version: 'test', publicUrl: origin, channelOutbox: { intervalMs: 100, retryMs: 200 }, ...(url === undefined ? {} : { databaseUrl: url }) });
  const app = buildApi(service, { bodyLimit: TEST_BODY_LIMIT, logger: false });
  await app.listen({ host: '127.0.0.1', port });
  return {
    app,
    service,
    origin,
    async publish(flow) {
      const created = await app.inject({ method: 'POST', url: '/api/v1/flows', payload: JSON.stringify(flow), headers: { 'content-type': 'application/json' } });
      const id = created.json<{ id?: string }>().id;
      if (id === undefined) throw new Error(`the flow was not imported: ${created.body}`);
      const published = await app.inject({ method: 'POST', url: `/api/v1/flows/${id}/publish` });
      if (published.statusCode !== 201) throw new Error(`the flow was not published: ${published.body}`);
      return id;
    },
    async connectChannel({ type, flowId, secret, config, name = `${type} channel` }) {
      const credential = await app.inject({ method: 'POST', url: '/api/v1/credentials', payload: { name: `${name} secret`, type, secret } });
      const credentialId = credential.json<{ id?: string }>().id;
      if (credentialId === undefined) throw new Error(`the credential was not stored: ${credential.body}`);
      const created = await app.inject({ method: 'POST', url: '/api/v1/channels', payload: { name, type, flowId, credentialId, config } });
      const id = created.json<{ id?: string }>().id;
      if (id === undefined) throw new Error(`the channel was not created: ${created.body}`);
      // Not expect.poll: this runs in beforeAll hooks too.
      const state = async (): Promise<string> => (await app.inject({ method: 'GET', url: `/api/v1/channels/${id}` })).json<{ status: { state: string } }>().status.state;
      const deadline = Date.now() + 15_000;
      for (let current = await state(); current !== 'connected'; current = await state()) {
        if (Date.now() > deadline) throw new Error(`the ${type} channel did not connect: ${current}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return id;
    },
    async close() {
      await app.close();
      await service.close();
      await database.dispose();
    },
  };
}

/** Answers every chat message with "You said: <text>". */
export function echoFlow(name = 'Echo') {
  return {
    schemaVersion: 1,
    name,
    nodes: [
      { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
      { id: 'out', type: 'conversation.reply', typeVersion: 1, config: { text: 'You said: {{ message.text }}' } },
    ],
    edges: [{ id: 'e1', source: 'in', sourcePort: 'text', target: 'out', targetPort: 'in' }],
  };
}

export interface ErrorAnswer {
  error: { code: string; message: string; details: unknown };
}
