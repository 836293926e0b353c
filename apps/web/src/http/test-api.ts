import path from 'node:path';
import { openTestDatabase } from '@switchboard/db';
import { createSwitchboard, type SwitchboardService } from '@switchboard/runtime';
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
