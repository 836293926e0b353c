// A small load script for the message hot path: imports a rules flow, then sends messages from many
// concurrent conversations straight into the service (no HTTP) and prints turns/s and latency.
// Usage: npm run load -- [--seconds 10] [--concurrency 50] [--database-url postgres://…]
//        [--redis-url redis://… --workers 2]   queue mode: turns run in that many worker processes
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSwitchboard } from '@switchboard/runtime';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '50' },
    'database-url': { type: 'string' },
    'redis-url': { type: 'string' },
    workers: { type: 'string', default: '2' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

const rulesFlow = {
  schemaVersion: 1,
  name: 'Load: rules',
  nodes: [
    { id: 'in', type: 'trigger.chat', typeVersion: 1, config: {} },
    { id: 'upper', type: 'logic.set', typeVersion: 1, config: { assignments: [{ name: 'text', value: '{{ message.text | upper }}' }] } },
    { id: 'check', type: 'logic.condition', typeVersion: 1, config: { left: '{{ vars.text }}', operator: 'contains', right: 'HELP' } },
    { id: 'help', type: 'conversation.reply', typeVersion: 1, config: { text: 'How can I help?' } },
    { id: 'echo', type: 'conversation.reply', typeVersion: 1, config: { text: 'You said: {{ vars.text }}' } },
  ],
  edges: [
    { id: 'e1', source: 'in', sourcePort: 'message', target: 'upper', targetPort: 'in' },
    { id: 'e2', source: 'upper', sourcePort: 'out', target: 'check', targetPort: 'in' },
    { id: 'e3', source: 'check', sourcePort: 'true', target: 'help', targetPort: 'in' },
    { id: 'e4', source: 'check', sourcePort: 'false', target: 'echo', targetPort: 'in' },
  ],
};

/** Queue mode: worker processes on the same database and Redis; resolves once they all run. */
async function startWorkers(count: number, env: Record<string, string>): Promise<ChildProcess[]> {
  const main = join(import.meta.dirname, '../apps/worker/src/main.ts');
  return Promise.all(
    Array.from({ length: count }, (_, index) => {
      const child = spawn(process.execPath, [main], { env: { ...process.env, ...env, WORKER_HEALTH_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
      return new Promise<ChildProcess>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('is running')) resolve(child);
        });
        child.once('exit', (code) => {
          reject(new Error(`worker ${index} exited with ${String(code)}`));
        });
      });
    }),
  );
}

const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-load-'));
const redisUrl = values['redis-url'];
const databaseUrl = values['database-url'];
if (redisUrl !== undefined && databaseUrl === undefined) throw new Error('--redis-url (queue mode) needs --database-url');
const secretKey = randomBytes(32);
const prefix = `load-${Date.now()}`;
const workers =
  redisUrl !== undefined && databaseUrl !== undefined
    ? await startWorkers(Number(values.workers), {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        SWITCHBOARD_SECRET_KEY: secretKey.toString('base64'),
        SWITCHBOARD_QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'error',
      })
    : [];
const service = await createSwitchboard({
  dataDir,
  version: 'load',
  secretKey,
  ...(databaseUrl === undefined ? {} : { databaseUrl }),
  ...(redisUrl === undefined ? {} : { redisUrl, queuePrefix: prefix }),
});
try {
  const flow = await service.importFlow(rulesFlow);
  await service.publish(flow.id);
  const latencies: number[] = [];
  let wrong = 0;
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async (index: number): Promise<void> => {
    for (let n = 0; performance.now() < deadline; n += 1) {
      const text = `message ${n} from ${index}`;
      const started = performance.now();
      try {
        const result = await service.chat(flow.id, { conversationId: `load-${index}-${n % 20}`, text, messageId: `${index}-${n}` });
        if (result.replies[0]?.text !== `You said: ${text.toUpperCase()}`) wrong += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  const elapsed = (performance.now() - started) / 1000;
  // CPU time per turn (all threads of this process) holds steadier than turns/s on a shared machine.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPerTurn = (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length);
  latencies.sort((a, b) => a - b);
  const at = (q: number): string => (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0).toFixed(1);
  const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
  console.log(
    `turns: ${latencies.length} in ${elapsed.toFixed(1)} s = ${Math.round(latencies.length / elapsed)}/s | p50 ${at(0.5)} ms p90 ${at(0.9)} ms p99 ${at(0.99)} ms | errors ${errors} wrong ${wrong} | cpu ${cpuPerTurn.toFixed(2)} ms/turn | rss ${rss} MB | ${service.info.database}, ${service.info.queue}${workers.length > 0 ? ` with ${workers.length} worker processes` : ''}`,
  );
} finally {
  for (const child of workers) child.kill('SIGTERM');
  await service.close();
  await rm(dataDir, { recursive: true, force: true });
}
