import { createServer } from 'node:net';
import path from 'node:path';
import { createSwitchboard, type SwitchboardService } from '@switchboard/runtime';
import type { FastifyInstance } from 'fastify';
import packageJson from '../package.json' with { type: 'json' };
import { EnvError, loadEnv, type Env } from './env.ts';
import { buildApi } from './http/api.ts';
import { loadPages, serveNonApiWithPages, type Pages } from './pages.ts';

const webDir = path.resolve(import.meta.dirname, '..');
/** The built-in templates the gallery offers. */
const templatesDir = path.resolve(webDir, '../../templates');

/** A start-up failure the operator can fix: printed as one line, without a stack. */
class StartError extends Error {}

function describeStartError(error: unknown, env: Env | undefined): string {
  if (error instanceof EnvError || error instanceof StartError) return error.message;
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'EADDRINUSE' && env) return `port ${env.PORT} on ${env.HOST} is already in use: stop the other server or set PORT`;
  if (code === 'EADDRNOTAVAIL' && env) return `cannot listen on ${env.HOST}: no such address on this machine (check HOST)`;
  if (code === 'EACCES' && env) return `not allowed to listen on port ${env.PORT}: use a port above 1023`;
  return error instanceof Error ? error.message : String(error);
}

async function loadPagesOrExplain(): Promise<Pages> {
  try {
    return await loadPages(webDir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/production build/i.test(reason)) {
      throw new StartError('the web app is not built yet: run `npm start` (it builds first) or `npm run build -w apps/web`');
    }
    throw error;
  }
}

/**
 * Fails fast on a taken port, before the database is opened (a first open runs initdb for seconds).
 * The real bind can still lose a race; that error is reported the same way.
 */
function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => { resolve(); }));
  });
}

function describeDatabase(service: SwitchboardService, env: Env): string {
  if (service.info.queue === 'bullmq') return 'PostgreSQL, queue mode: turns run on the workers';
  return service.info.database === 'embedded' ? `embedded database in ${env.SWITCHBOARD_DATA_DIR}` : 'PostgreSQL';
}

function browserUrl(env: Env, port: number): string {
  // 0.0.0.0 and :: mean "all interfaces"; a browser on this machine reaches them through localhost.
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  return `http://${host}:${port}`;
}

/** Starts the one server process: the API and the pages on one port. Resolves once listening. */
export async function start(): Promise<void> {
  let env: Env | undefined;
  let service: SwitchboardService | undefined;
  let pages: Pages | undefined;
  let api: FastifyInstance | undefined;
  try {
    env = loadEnv();
    // Fastify's only info line is "Server listening …", which the start line below replaces.
    const apiLogLevel = env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL;
    await assertPortFree(env.HOST, env.PORT);
    // Pages first: a missing build is reported before the database is opened and locked.
    pages = await loadPagesOrExplain();
    service = await createSwitchboard({
      dataDir: env.SWITCHBOARD_DATA_DIR,
      databaseUrl: env.DATABASE_URL,
      secretKey: env.SWITCHBOARD_SECRET_KEY,
      // A character takes at least one byte: the body limit bounds the message too.
      maxMessageChars: env.SWITCHBOARD_MAX_MESSAGE_BYTES,
      templatesDir,
      redisUrl: env.REDIS_URL,
      queuePrefix: env.SWITCHBOARD_QUEUE_PREFIX,
      replyTimeoutMs: env.SWITCHBOARD_REPLY_TIMEOUT_MS,
      ...(env.SWITCHBOARD_PUBLIC_URL === undefined ? {} : { publicUrl: env.SWITCHBOARD_PUBLIC_URL }),
      version: packageJson.version,
      logger: env.LOG_LEVEL === 'silent' ? () => undefined : (line) => { console.log(line); },
    });
    api = buildApi(service, { bodyLimit: env.SWITCHBOARD_MAX_MESSAGE_BYTES, logger: true, logLevel: apiLogLevel });
    serveNonApiWithPages(api, pages);
    await api.listen({ host: env.HOST, port: env.PORT });
    const address = api.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : env.PORT;
    console.log(`Switchboard ${packageJson.version} is running at ${browserUrl(env, port)} (${describeDatabase(service, env)})`);
  } catch (error) {
    console.error(`Switchboard could not start: ${describeStartError(error, env)}`);
    // The stack helps whoever debugs the server, not whoever starts it.
    if ((env?.LOG_LEVEL === 'debug' || env?.LOG_LEVEL === 'trace') && error instanceof Error) console.error(error.stack);
    // Release what did open (the data directory lock above all) before leaving.
    await api?.close().catch(() => undefined);
    await pages?.close().catch(() => undefined);
    await service?.close().catch(() => undefined);
    process.exit(1);
  }
  stopOnSignals(api, pages, service);
}

function stopOnSignals(api: FastifyInstance, pages: Pages, service: SwitchboardService): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C means "now": the caller gave up waiting for in-flight turns.
      if (signal === 'SIGINT') process.exit(130);
      return;
    }
    stopping = true;
    console.log('Stopping… (press Ctrl-C again to quit at once)');
    // Order matters: stop taking requests, then stop Next, then let the service finish and unlock.
    void api
      .close()
      .then(() => pages.close())
      .then(() => service.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`Switchboard did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.main) await start();
