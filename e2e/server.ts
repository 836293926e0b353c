// Global setup: starts the real app the way a user does (`node scripts/start.ts`, which builds the pages
// when they are missing or stale) on a fresh data directory, and returns the teardown that stops it.
// Not a webServer entry: Playwright stops those after globalTeardown, too late to check that the server
// released its lock and to delete the data directory.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FullConfig } from '@playwright/test';
import { LOCK_FILE_NAME } from '../packages/db/src/lock.ts';
import { baseURL, host, port } from './env.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
/** The first start builds the pages (20–60 s here) and creates the database: leave room for a slow CI box. */
const START_TIMEOUT_MS = 240_000;
/** Stopping waits for in-flight turns and closes the database. */
const STOP_TIMEOUT_MS = 30_000;

function assertPortFree(): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => {
      reject(new Error(`cannot listen on ${host}:${port} (${error.message}): stop whatever uses it, or set E2E_PORT to a free port`));
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => { resolve(); }));
  });
}

function answersHealth(): Promise<boolean> {
  return fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
}

async function lastLines(file: string, count = 40): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

export default async function startServer(config: FullConfig): Promise<() => Promise<void>> {
  // Checked first: during the build, a foreign server on the port would answer the health check for us.
  await assertPortFree();
  const outputDir = config.projects[0]?.outputDir ?? path.join(repoRoot, 'test-results');
  await mkdir(outputDir, { recursive: true });
  const logFile = path.join(outputDir, 'server.log'); // kept with the screenshots as a CI artifact
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-e2e-'));

  const log = await open(logFile, 'w');
  const server = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: host, SWITCHBOARD_DATA_DIR: dataDir },
    stdio: ['ignore', log.fd, log.fd],
    // Its own process group, so that a stop during the first start also reaches the `next build` child.
    detached: true,
  });
  await log.close(); // the child holds its own copy of the descriptor
  let exit: string | undefined;
  const exited = new Promise<string>((resolve) => {
    server.once('exit', (code, signal) => {
      exit = signal ?? `exit code ${code ?? '?'}`;
      resolve(exit);
    });
  });
  const { pid } = server;

  /** SIGTERM, then SIGKILL after STOP_TIMEOUT_MS; resolves once the server is gone. */
  async function stop(): Promise<void> {
    if (pid === undefined || exit !== undefined) return;
    process.kill(-pid, 'SIGTERM');
    if ((await Promise.race([exited, sleep(STOP_TIMEOUT_MS, 'timeout')])) !== 'timeout') return;
    process.kill(-pid, 'SIGKILL');
    await exited;
    throw new Error(`the server did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM; see ${logFile}`);
  }

  try {
    const deadline = performance.now() + START_TIMEOUT_MS;
    while (!(await answersHealth())) {
      if (exit !== undefined) throw new Error(`the server stopped (${exit}) before it answered /api/health:\n${await lastLines(logFile)}`);
      if (performance.now() > deadline) throw new Error(`the server did not answer ${baseURL}/api/health within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
      await sleep(250);
    }
  } catch (error) {
    await stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  return async function stopServer() {
    try {
      await stop();
      // A crash during the run, or an unclean stop, fails the run even when every test passed.
      if (exit !== 'exit code 0') throw new Error(`the server ended with ${exit ?? '?'}:\n${await lastLines(logFile)}`);
      if (existsSync(path.join(dataDir, LOCK_FILE_NAME))) throw new Error(`the server exited without releasing its lock in ${dataDir}`);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };
}
