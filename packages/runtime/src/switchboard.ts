import { join } from 'node:path';
import { createCredentialsRepository, createSecretBox, loadOrCreateKeyFile, openDatabase } from '@switchboard/db';
import type { Database } from '@switchboard/db';
import type { RunLimits } from '@switchboard/engine';
import { nodeRegistry } from '@switchboard/nodes/definitions';
import { findImplementation } from '@switchboard/nodes/server';
import { ConsoleQueries } from './console.ts';
import { credentialLoader } from './credentials.ts';
import { ConversationCache } from './conversations.ts';
import { FlowService } from './flows.ts';
import { PlanCache } from './plans.ts';
import { recoverDelays } from './recovery.ts';
import { SerialQueue } from './serial-queue.ts';
import type { SwitchboardService } from './service.ts';
import { TurnRunner } from './turns.ts';
import { TurnWriter } from './turn-writer.ts';

export interface SwitchboardOptions {
  /** Where the embedded database, its lock file and the key file live. */
  dataDir: string;
  /** An external Postgres; unset means the embedded database. */
  databaseUrl?: string;
  version: string;
  logger?: (line: string) => void;
  /** 32 bytes that encrypt stored credentials; unset: a key file in the data directory. */
  secretKey?: Buffer;
  limits?: Partial<RunLimits>;
  /** Longest accepted inbound message, in characters. */
  maxMessageChars?: number;
}

/** Opens the database, recovers parked conversations, and returns the service the HTTP layer uses. */
export async function createSwitchboard(options: SwitchboardOptions): Promise<SwitchboardService> {
  const log = options.logger ?? ((): void => undefined);
  const db: Database = await openDatabase({
    dataDir: options.dataDir,
    logger: log,
    ...(options.databaseUrl === undefined ? {} : { url: options.databaseUrl }),
  });
  const key = options.secretKey ?? (await loadOrCreateKeyFile(join(options.dataDir, 'secret.key')));
  const credentials = createCredentialsRepository(db.prisma, createSecretBox(key));
  const plans = new PlanCache(db, nodeRegistry, credentialLoader(credentials));
  const flows = new FlowService(db, nodeRegistry, plans, credentials);
  const queue = new SerialQueue();
  const conversations = new ConversationCache(db.pool, (key) => queue.has(key));
  const writer = new TurnWriter(db.pool, { lanes: db.kind === 'embedded' ? 1 : 2 });
  const runner = new TurnRunner({
    pool: db.pool,
    plans,
    conversations,
    queue,
    writer,
    implementation: findImplementation,
    maxMessageChars: options.maxMessageChars ?? 32_000,
    log,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const queries = new ConsoleQueries(db);
  await recoverDelays(db.pool, conversations, runner, log);

  return {
    info: { database: db.kind, queue: 'inline', version: options.version },
    importFlow: (document) => flows.import(document),
    listFlows: () => flows.list(),
    getFlow: (flowId) => flows.get(flowId),
    updateDraft: (flowId, document) => flows.updateDraft(flowId, document),
    publish: (flowId) => flows.publish(flowId),
    async createCredential(input) {
      const created = await credentials.create({ name: input.name, type: input.type, secret: JSON.stringify(input.secret) });
      return { id: created.id, name: created.name, type: created.type, createdAt: created.createdAt.toISOString() };
    },
    async listCredentials() {
      const all = await credentials.list();
      return all.map((entry) => ({ id: entry.id, name: entry.name, type: entry.type, createdAt: entry.createdAt.toISOString() }));
    },
    chat: (flowId, request, onEvent) => runner.chat(flowId, request, onEvent),
    listConversations: (filter) => queries.conversations(filter),
    getConversation: (id) => queries.conversation(id),
    listMessages: (id, page) => queries.messages(id, page),
    listRuns: (id, page) => queries.runs(id, page),
    getRun: (id) => queries.run(id),
    listSpans: (id) => queries.spans(id),
    async ping() {
      try {
        await db.pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      runner.close();
      conversations.clear();
      // Turns already running finish and are written before the database closes.
      await queue.idle();
      await writer.idle();
      await db.close();
    },
  };
}
