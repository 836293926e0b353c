// `npm run bench`: starts Switchboard itself the way an operator does (embedded; queue mode with Redis,
// Postgres and 1 or 2 workers), imports each workload flow through the API, drives it over loopback from
// a separate load process (autocannon; W3 plays Telegram), checks every answer, and prints a table plus a JSON file:
// requests/s, latency, errors, wrong answers, idle and peak RSS of every process, CPU used, rows per turn.
// Usage: npm run bench -- [--workloads w1,w2,w3,w4] [--modes embedded,queue-1,queue-2] [--quick]
//        [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--redis-url redis://127.0.0.1:6379]
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '@switchboard/db';
import { startOpenAIServer } from '@switchboard/testing';
import pg from 'pg';
import { runLoad, type LoadResult } from './drive.ts';
import { startProcesses, type Started } from './processes.ts';
import { rssOf, sampleWhile, type ProcessFigures } from './sample.ts';
import { connectTelegram } from './telegram.ts';
import { WORKLOADS, endpointOf, isWorkload, workloadFlow, type Workload } from './workloads.ts';

const { values } = parseArgs({
  options: {
    workloads: { type: 'string', default: 'w1,w2,w3,w4' },
    modes: { type: 'string', default: 'embedded,queue-1,queue-2' },
    quick: { type: 'boolean', default: false },
    /** Minutes of W1 at 50 connections, one row per minute: does memory settle, or keep growing? */
    soak: { type: 'string' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
    out: { type: 'string', default: join(import.meta.dirname, '..', 'results', 'latest.json') },
  },
});

const workloads = values.workloads.split(',').map((name): Workload => {
  if (isWorkload(name)) return name;
  throw new Error(`unknown workload "${name}": this bench runs w1, w2, w3 and w4`);
});
const modes = values.modes.split(',').map((mode) => {
  const match = /^(embedded|queue-(\d))$/.exec(mode);
  if (!match) throw new Error(`unknown mode "${mode}": use embedded, queue-1 or queue-2`);
  return { name: mode, workers: match[2] === undefined ? 0 : Number(match[2]) };
});
const soakMinutes = values.soak === undefined ? undefined : Number(values.soak);
if (soakMinutes !== undefined && !(Number.isInteger(soakMinutes) && soakMinutes > 0)) throw new Error(`--soak takes a whole number of minutes, got "${values.soak ?? ''}"`);
/**
 * Loads from the issue: 1 connection for 10 s (latency unloaded), 50 for 20 s (throughput, tail). A soak
 * runs 50 connections for a minute at a time, so each minute gets its own row and memory figures.
 */
const loads =
  soakMinutes !== undefined
    ? Array.from({ length: soakMinutes }, () => ({ connections: 50, seconds: 60 }))
    : values.quick
      ? [{ connections: 1, seconds: 3 }, { connections: 50, seconds: 5 }]
      : [{ connections: 1, seconds: 10 }, { connections: 50, seconds: 20 }];

interface Row {
  mode: string;
  workload: Workload;
  connections: number;
  seconds: number;
  load: LoadResult;
  processes: ProcessFigures[];
  /** Rows inserted per turn by this workload's flow, over every call it got (warm-up included). */
  rowsPerTurn: number | undefined;
}

/**
 * Rows a flow's turns inserted: its conversations, their messages, runs, spans and daily usage (each turn
 * also updates its conversation's row). Counted per flow after the runs, so a workload's figure is its own.
 */
async function rowsOfFlow(database: Database, flowId: string): Promise<number> {
  const counted = await database.pool.query<{ n: string }>(
    `SELECT ((SELECT count(*) FROM conversations WHERE flow_id = $1)
      + (SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.flow_id = $1)
      + (SELECT count(*) FROM runs r JOIN conversations c ON c.id = r.conversation_id WHERE c.flow_id = $1)
      + (SELECT count(*) FROM spans s JOIN runs r ON r.id = s.run_id JOIN conversations c ON c.id = r.conversation_id WHERE c.flow_id = $1)
      + (SELECT count(*) FROM usage_daily WHERE flow_id = $1))::text AS n`,
    [flowId],
  );
  return Number(counted.rows[0]?.n ?? 0);
}

async function publish(origin: string, document: unknown): Promise<string> {
  const created = await fetch(`${origin}/api/v1/flows`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) });
  const body: unknown = await created.json();
  if (!created.ok || typeof body !== 'object' || body === null || !('id' in body) || typeof body.id !== 'string') throw new Error(`import failed: ${JSON.stringify(body)}`);
  const published = await fetch(`${origin}/api/v1/flows/${body.id}/publish`, { method: 'POST' });
  if (!published.ok) throw new Error(`publish failed: ${await published.text()}`);
  return body.id;
}

const rows: Row[] = [];
/** Each process's memory once started and settled, before any workload. */
const idle: { mode: string; name: string; rss: number }[] = [];
const IDLE_SETTLE_MS = 5000;
const model = await startOpenAIServer({ models: ['bench-model'] });
try {
  for (const mode of modes) {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-bench-'));
    const stamp = `${String(Date.now())}_${randomBytes(3).toString('hex')}`;
    let databaseUrl: string | undefined;
    if (mode.workers > 0) {
      const admin = new pg.Client({ connectionString: values['database-url'] });
      await admin.connect();
      await admin.query(`CREATE DATABASE sb_bench_${stamp}`);
      await admin.end();
      const url = new URL(values['database-url']);
      url.pathname = `/sb_bench_${stamp}`;
      databaseUrl = url.toString();
    }
    process.stdout.write(`\n${mode.name}: starting Switchboard${mode.workers > 0 ? ` with ${String(mode.workers)} worker(s)` : ''}…\n`);
    let started: Started | undefined;
    const flows: { flowId: string; calls: number; rows: Row[] }[] = [];
    try {
      started = await startProcesses({
        dataDir,
        workers: mode.workers,
        ...(databaseUrl === undefined ? {} : { databaseUrl, redisUrl: values['redis-url'], queuePrefix: `bench-${stamp}` }),
      });
      // Idle: started, nothing asked of it yet but the health check, and left alone for a few seconds.
      await sleep(IDLE_SETTLE_MS);
      for (const { name, pid } of started.processes) {
        const rss = await rssOf(pid);
        idle.push({ mode: mode.name, name, rss });
        process.stdout.write(`${mode.name} ${name}: idle RSS after start ${String(Math.round(rss / 1024 / 1024))} MB\n`);
      }
      for (const workload of workloads) {
        const flowId = await publish(started.origin, await workloadFlow(workload, model.url));
        // W3 goes through a Telegram channel bound to the flow; the others call the flow's own endpoint.
        const target = workload === 'w3' ? await connectTelegram(started.origin, flowId) : { url: endpointOf(workload, started.origin, flowId) };
        const warm = await runLoad({ ...target, workload, connections: 10, seconds: 2 }); // plans cached, JIT warm
        let calls = warm.requests;
        const measured: Row[] = [];
        for (const load of loads) {
          const { value: result, figures } = await sampleWhile(started.processes, () => runLoad({ ...target, workload, ...load }));
          calls += result.requests;
          const row: Row = { mode: mode.name, workload, ...load, load: result, processes: figures, rowsPerTurn: undefined };
          measured.push(row);
          printRow(row);
        }
        flows.push({ flowId, calls, rows: measured });
      }
    } finally {
      await started?.stop();
      // The embedded database belongs to the server while it runs: count once it has stopped.
      if (flows.length > 0) {
        const database = await openDatabase({ dataDir, ...(databaseUrl === undefined ? {} : { url: databaseUrl }), poolSize: 1 });
        try {
          for (const flow of flows) {
            const perTurn = (await rowsOfFlow(database, flow.flowId)) / Math.max(flow.calls, 1);
            for (const row of flow.rows) row.rowsPerTurn = perTurn;
            process.stdout.write(`${mode.name} ${flow.rows[0]?.workload ?? ''}: ${perTurn.toFixed(2)} rows inserted per turn (${String(flow.calls)} calls)\n`);
          }
        } finally {
          await database.close();
        }
        rows.push(...flows.flatMap((flow) => flow.rows));
      }
      await rm(dataDir, { recursive: true, force: true });
      if (databaseUrl !== undefined) {
        const admin = new pg.Client({ connectionString: values['database-url'] });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS sb_bench_${stamp} WITH (FORCE)`);
        await admin.end();
      }
    }
  }
} finally {
  await model.close();
}

await mkdir(join(values.out, '..'), { recursive: true });
await writeFile(values.out, `${JSON.stringify({ at: new Date().toISOString(), quick: values.quick, workloads: WORKLOADS, idle, rows }, null, 2)}\n`);
process.stdout.write(`\nwritten to ${values.out}\n`);

function printRow(row: Row): void {
  const { load } = row;
  const mb = (bytes: number): string => `${String(Math.round(bytes / 1024 / 1024))} MB`;
  const processes = row.processes.map((figure) => `${figure.name} idle ${mb(figure.idleRss)} peak ${mb(figure.peakRss)} end ${mb(figure.endRss)} cpu ${figure.cpuSeconds.toFixed(1)} s`).join('; ');
  process.stdout.write(
    `${row.mode.padEnd(9)} ${row.workload} c=${String(row.connections).padStart(2)} ${String(row.seconds)}s  ${load.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${String(load.latency.p50)} p90 ${String(load.latency.p90)} p99 ${String(load.latency.p99)} ms  errors ${String(load.errors)} wrong ${String(load.wrong)}  | ${processes}\n`,
  );
  if (load.wrongSamples.length > 0) process.stdout.write(`  wrong answers, e.g.: ${load.wrongSamples.join(' | ')}\n`);
}
