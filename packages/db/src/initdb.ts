import { spawn } from 'node:child_process';
import { access, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./initdb-child.ts', import.meta.url));

export async function isInitialised(pgdata: string): Promise<boolean> {
  try {
    await access(join(pgdata, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates a new PGlite data directory. initdb peaks near 1 GB RSS and the WASM heap never
 * shrinks, so it runs in a child process that exits afterwards; it writes into a temporary
 * directory renamed into place at the end, so a crash never leaves a half-made pgdata behind.
 * The caller must hold the data directory's lock.
 */
export async function initdb(pgdata: string): Promise<void> {
  const parent = dirname(pgdata);
  const prefix = `${basename(pgdata)}.init-`;
  for (const leftover of (await readdir(parent)).filter((name) => name.startsWith(prefix))) {
    await rm(join(parent, leftover), { recursive: true, force: true });
  }
  const temp = join(parent, `${prefix}${process.pid}`);
  try {
    await runChild(temp);
    await rename(temp, pgdata);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

function runChild(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`Creating the embedded database in ${dir} failed (${signal ?? `exit code ${code ?? '?'}`}):\n${output}`));
    });
  });
}
