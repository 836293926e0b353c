// `npm start`: build the web pages when they are missing or older than their sources, then run the
// server in this process (so Ctrl-C and SIGTERM reach it directly, with nothing to forward).
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const webDir = path.resolve(import.meta.dirname, '../apps/web');
/** What `next build` turns into .next; the API under src/ runs from source and needs no build. */
const repoRoot = path.resolve(webDir, '../..');
// The pages run in the browser the packages that define flows and nodes (the editor validates with
// the compiler as you type), so a change there needs a new build too.
const buildInputs = [
  path.join(webDir, 'app'),
  path.join(webDir, 'next.config.ts'),
  path.join(repoRoot, 'packages/flow-schema/src'),
  path.join(repoRoot, 'packages/compiler/src'),
  path.join(repoRoot, 'nodes/src'),
];
const buildStamp = path.join(webDir, '.next', 'BUILD_ID');

async function newestChange(file: string): Promise<number> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(file);
  const times = await Promise.all(entries.map((entry) => newestChange(path.join(file, entry))));
  return Math.max(info.mtimeMs, ...times);
}

/** Why a build is needed, or undefined when the last one is current. */
async function buildReason(): Promise<string | undefined> {
  const built = await stat(buildStamp).catch(() => undefined);
  if (!built) return 'first start only';
  const changes = await Promise.all(buildInputs.map(newestChange));
  return Math.max(...changes) > built.mtimeMs ? 'the pages changed' : undefined;
}

/** Runs `next build` quietly; its output is shown only if it fails. */
function build(): Promise<void> {
  const nextBin = createRequire(path.join(webDir, 'package.json')).resolve('next/dist/bin/next');
  const child = spawn(process.execPath, [nextBin, 'build'], {
    cwd: webDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        process.stderr.write(Buffer.concat(output));
        reject(new Error(`next build failed (${signal ?? `exit code ${code ?? '?'}`})`));
      }
    });
  });
}

const reason = await buildReason();
if (reason !== undefined) {
  const began = performance.now();
  console.log(`Building the web app (${reason})…`);
  try {
    await build();
  } catch (error) {
    console.error(`Switchboard could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  console.log(`Built in ${((performance.now() - began) / 1000).toFixed(1)} s.`);
}

const { start } = await import('../apps/web/src/main.ts');
await start();
