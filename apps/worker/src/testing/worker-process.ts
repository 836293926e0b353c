import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

// The worker's entry point as operators run it, for tests: a child process configured by its
// environment, its output kept line by line.

const MAIN = path.resolve(import.meta.dirname, '../main.ts');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `node apps/worker/src/main.ts` with the given environment; its output is kept line by line. */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<Exit>;
  private readonly ready: Promise<string>;

  constructor(env: Record<string, string>) {
    const child = spawn(process.execPath, [MAIN], { env: { NODE_ENV: 'production', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const exit = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => {
        resolve({ code, signal });
      });
    });
    // Resolved once the output is complete too: 'exit' can come before the last lines are read.
    const closed = Promise.all([once(child.stdout, 'close'), once(child.stderr, 'close')]);
    this.exited = Promise.all([exit, closed]).then(([value]) => value);
    createInterface({ input: child.stderr }).on('line', (line) => this.stderr.push(line));
    this.ready = new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        this.stdout.push(line);
        const match = /is running \(health: (http:\/\/\S+\/health)\)/.exec(line);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      void this.exited.then((exit) => {
        reject(new Error(`the worker exited (${JSON.stringify(exit)}) before it was running:\n${this.output()}`));
      });
    });
    // Tests that expect an early exit never ask for `ready`.
    this.ready.catch(() => undefined);
  }

  /** Resolves with the health URL once the worker says it is running. */
  healthUrl(): Promise<string> {
    return this.ready;
  }

  output(): string {
    return [...this.stdout, ...this.stderr].join('\n');
  }

  running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(signal: NodeJS.Signals): Promise<Exit> {
    if (this.running()) this.child.kill(signal);
    return this.exited;
  }
}
