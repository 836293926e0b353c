import { join } from 'node:path';
import { createCredentialsRepository, createSecretBox, loadOrCreateKeyFile, openDatabase } from '@switchboard/db';
import type { Database } from '@switchboard/db';
import type { RunLimits } from '@switchboard/engine';
import { nodeRegistry } from '@switchboard/nodes/definitions';
import { channelAdapters, findImplementation } from '@switchboard/nodes/server';
import { ChannelAdmin, channelRow, channelRows } from './channels/admin.ts';
import { ChannelHost, type CommittedTurn } from './channels/host.ts';
import { Outbox } from './channels/outbox.ts';
import { ConsoleQueries } from './console.ts';
import { checkSecret, credentialInUse, credentialUsers } from './credential-admin.ts';
import { credentialLoader } from './credentials.ts';
import { checkModel } from './model-check.ts';
import { isUuid, notFound } from './errors.ts';
import { ConversationCache } from './conversations.ts';
import { FlowService } from './flows.ts';
import { TemplateGallery } from './gallery.ts';
import { TemplateCatalog } from './template-catalog.ts';
import { PlanCache } from './plans.ts';
import { PlaygroundService } from './playground.ts';
import { recoverDelays } from './recovery.ts';
import { SerialQueue } from './serial-queue.ts';
import { QueueDispatcher } from './queue/web.ts';
import { connectRedis, waitForRedis } from './queue/redis.ts';
import type { QueueFigures, SwitchboardService } from './service.ts';
import { TurnRunner } from './turns.ts';
import { TurnWriter } from './turn-writer.ts';
import type { TurnServices } from './execute-turn.ts';
import { PersonaStore } from './personas.ts';
import { SpendLedger } from './spend.ts';
import { listUsage } from './usage.ts';

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
  /**
   * Queue mode: Redis for BullMQ. This process then only verifies, records and enqueues messages;
   * worker processes (startWorker) run the turns. Needs `databaseUrl`, shared with the workers.
   */
  redisUrl?: string;
  /** Built-in templates: a directory of flow documents (the repository's templates/). */
  templatesDir?: string;
  /** BullMQ and channel key prefix in Redis (default `switchboard`). */
  queuePrefix?: string;
  /** Queue mode: how long a chat request waits for its answer before it gets 202 (default 30 s). */
  replyTimeoutMs?: number;
  /** The address platforms reach this server at (https://bots.example.com), for channel webhooks. */
  publicUrl?: string;
  /** How often the channel outbox is swept, and the first retry's delay (defaults 10 s, 5 s; tests shorten them). */
  channelOutbox?: { intervalMs?: number; retryMs?: number };
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
  const queries = new ConsoleQueries(db);
  const gallery = new TemplateGallery(options.templatesDir, nodeRegistry);
  const personas = new PersonaStore(db);
  const ledger = new SpendLedger({ pool: db.pool });
  // What nodes get besides their inputs; `download` goes through the channel host, made below.
  const services: TurnServices = { personas, ledger, download: (channelId, attachment, signal) => channelHost.download(channelId, attachment, signal) };
  // The channel host sends the replies of written turns; it needs the dispatcher, which tells it of them.
  const committed: { listener?: (turn: CommittedTurn) => void } = {};
  const onCommitted = (turn: CommittedTurn): void => committed.listener?.(turn);
  const dispatcher = options.redisUrl === undefined ? await inlineDispatcher(db, plans, options, log, onCommitted, services, ledger) : await queueDispatcher(db, plans, options.redisUrl, options, log);
  const flows = new FlowService(db, nodeRegistry, plans, credentials, (flowId) => {
    dispatcher.announcePublished(flowId);
  });
  const channelHost = new ChannelHost({
    loadChannels: () => channelRows(db),
    loadChannel: (id) => channelRow(db, id),
    credentials,
    publishedPlan: (flowId) => plans.forFlow(flowId),
    chat: (flowId, request, onEvent) => dispatcher.chat(flowId, request, onEvent),
    adapters: channelAdapters,
    log,
    outbox: { store: new Outbox(db.pool), ...options.channelOutbox },
    // Inline, the turns run here and stream their drafts from here; in queue mode the workers do.
    drafts: dispatcher.kind === 'inline',
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
  });
  const channels = new ChannelAdmin(db, channelHost, channelAdapters, credentials, personas);
  committed.listener = (turn) => {
    channelHost.onCommitted(turn);
  };
  await channelHost.start();
  const templates = new TemplateCatalog(db, gallery, flows, nodeRegistry);

  // The playground runs drafts here, in the web process, in both modes: nothing of it is stored.
  const playground = new PlaygroundService({
    flows,
    registry: nodeRegistry,
    plans,
    credentialIds: async () => new Set((await credentials.list()).map((credential) => credential.id)),
    implementation: findImplementation,
    maxMessageChars: options.maxMessageChars ?? 32_000,
    services,
    ...(options.limits ? { limits: options.limits } : {}),
  });

  return {
    info: { database: db.kind, queue: dispatcher.kind, version: options.version },
    importFlow: (document) => flows.import(document),
    listFlows: () => flows.list(),
    getFlow: (flowId) => flows.get(flowId),
    updateDraft: (flowId, document, baseRevision) => flows.updateDraft(flowId, document, baseRevision),
    deleteFlow: (flowId) => flows.delete(flowId),
    publish: (flowId) => flows.publish(flowId),
    getFlowVersion: (flowId, version) => flows.getVersion(flowId, version),
    restoreFlowVersion: (flowId, version) => flows.restoreVersion(flowId, version),
    exportFlow: (flowId) => flows.export(flowId),
    checkImport: (document) => flows.checkImport(document),
    listTemplates: () => templates.list(),
    createFromTemplate: async (templateId) => flows.import(await templates.read(templateId)),
    saveTemplate: (request) => templates.save(request),
    deleteTemplate: (templateId) => templates.delete(templateId),
    async createCredential(input) {
      const secret = checkSecret(input.type, input.secret);
      const created = await credentials.create({ name: input.name, type: input.type, secret: JSON.stringify(secret) });
      return { id: created.id, name: created.name, type: created.type, createdAt: created.createdAt.toISOString() };
    },
    async listCredentials(type) {
      const all = await credentials.list();
      return all.filter((entry) => type === undefined || entry.type === type).map((entry) => ({ id: entry.id, name: entry.name, type: entry.type, createdAt: entry.createdAt.toISOString() }));
    },
    async deleteCredential(credentialId, options) {
      if (!isUuid(credentialId) || !(await credentials.get(credentialId))) throw notFound('credential', credentialId);
      const users = await credentialUsers(db, credentialId);
      if (users.length > 0 && options?.force !== true) throw credentialInUse(credentialId, users);
      if (!(await credentials.delete(credentialId))) throw notFound('credential', credentialId);
      await plans.dropCredential(credentialId);
    },
    chat: (flowId, request, onEvent) => dispatcher.chat(flowId, request, onEvent),
    listConversations: (filter) => queries.conversations(filter),
    getConversation: (id) => queries.conversation(id),
    listMessages: (id, page) => queries.messages(id, page),
    listRuns: (id, page) => queries.runs(id, page),
    getRun: (id) => queries.run(id),
    listSpans: (id) => queries.spans(id),
    playgroundChat: (flowId, request, onEvent) => playground.chat(flowId, request, onEvent),
    resetPlayground: (flowId, sessionId) => {
      playground.reset(flowId, sessionId);
    },
    queueFigures: () => dispatcher.figures(),
    channelTypes: () => channels.types(),
    listChannels: () => channels.list(),
    getChannel: (channelId) => channels.get(channelId),
    createChannel: (input) => channels.create(input),
    updateChannel: (channelId, patch) => channels.update(channelId, patch),
    deleteChannel: (channelId) => channels.delete(channelId),
    testChannel: (channelId) => channelHost.test(channelId),
    receiveChannelDelivery: (channelId, delivery) => channelHost.receive(channelId, delivery),
    converseOnChannel: (channelId, message, onEvent) => channelHost.converse(channelId, message, onEvent),
    listPersonas: () => personas.list(),
    getPersona: (personaId) => personas.get(personaId),
    createPersona: (input) => personas.create(input),
    updatePersona: (personaId, input) => personas.update(personaId, input),
    deletePersona: (personaId) => personas.delete(personaId),
    listUsage: (filter) => listUsage(db.pool, filter),
    checkModel: (input) => checkModel(input, credentials),
    async ping() {
      try {
        await db.pool.query('SELECT 1');
        return await dispatcher.ping();
      } catch {
        return false;
      }
    },
    async close() {
      // Channels stop taking messages first; replies of turns still running are sent before the end.
      await channelHost.close();
      await dispatcher.close();
      await channelHost.idle();
      await db.close();
    },
  };
}

/** How messages reach the engine: in this process (inline), or through BullMQ to workers (queue). */
interface Dispatcher {
  readonly kind: 'inline' | 'bullmq';
  chat: SwitchboardService['chat'];
  figures(): Promise<QueueFigures>;
  announcePublished(flowId: string): void;
  ping(): Promise<boolean>;
  /** Lets running turns finish and be written; the database is closed by the caller afterwards. */
  close(): Promise<void>;
}

async function inlineDispatcher(
  db: Database,
  plans: PlanCache,
  options: SwitchboardOptions,
  log: (line: string) => void,
  onCommitted: (turn: CommittedTurn) => void,
  services: TurnServices,
  ledger: SpendLedger,
): Promise<Dispatcher> {
  const queue = new SerialQueue();
  const conversations = new ConversationCache(db.pool, (key) => queue.has(key));
  const writer = new TurnWriter(db.pool, {
    lanes: db.kind === 'embedded' ? 1 : 2,
    prepared: true,
    onCommitted: (writes) => {
      ledger.record(writes);
    },
  });
  const runner = new TurnRunner({
    pool: db.pool,
    plans,
    conversations,
    queue,
    writer,
    implementation: findImplementation,
    maxMessageChars: options.maxMessageChars ?? 32_000,
    log,
    onCommitted,
    services,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  await recoverDelays(db.pool, conversations, runner, log);
  return {
    kind: 'inline',
    chat: (flowId, request, onEvent) => runner.chat(flowId, request, onEvent),
    figures: () => Promise.resolve({ mode: 'inline', busyConversations: queue.size, delayedConversations: conversations.allParked().length }),
    announcePublished: () => undefined,
    ping: () => Promise.resolve(true),
    async close() {
      runner.close();
      conversations.clear();
      // Turns already running finish and are written before the database closes.
      await queue.idle();
      await writer.idle();
    },
  };
}

async function queueDispatcher(db: Database, plans: PlanCache, redisUrl: string, options: SwitchboardOptions, log: (line: string) => void): Promise<Dispatcher> {
  if (db.kind === 'embedded') {
    await db.close();
    throw new Error('queue mode (REDIS_URL) needs DATABASE_URL: the web server and the workers must share one Postgres');
  }
  const commands = connectRedis(redisUrl, 'command', log, 'web-commands');
  const subscriber = connectRedis(redisUrl, 'blocking', log, 'web-replies');
  try {
    await Promise.all([waitForRedis(commands, redisUrl), waitForRedis(subscriber, redisUrl)]);
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    await db.close();
    throw error;
  }
  plans.pointerTtlMs = 5000;
  const dispatcher = new QueueDispatcher({
    pool: db.pool,
    plans,
    commands,
    subscriber,
    prefix: options.queuePrefix ?? 'switchboard',
    maxMessageChars: options.maxMessageChars ?? 32_000,
    replyTimeoutMs: options.replyTimeoutMs ?? 30_000,
    log,
  });
  await dispatcher.start();
  return {
    kind: 'bullmq',
    chat: (flowId, request, onEvent) => dispatcher.chat(flowId, request, onEvent),
    figures: () => dispatcher.figures(),
    announcePublished: (flowId) => {
      dispatcher.announcePublished(flowId);
    },
    ping: () => commands.ping().then(
      () => true,
      () => false,
    ),
    async close() {
      await dispatcher.close();
      for (const redis of [commands, subscriber]) {
        try {
          await redis.quit();
        } catch {
          redis.disconnect();
        }
      }
    },
  };
}
