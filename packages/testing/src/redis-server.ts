import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

export interface RedisServerOptions {
  /** The redis-server binary (default: redis-server on PATH; Debian puts it in /usr/bin). */
  binary?: string;
  /** Append-only persistence: a restart then keeps the data, as in production. Default false: a restart loses everything. */
  appendOnly?: boolean;
  /** Where the append-only file goes (required with appendOnly). */
  dir?: string;
}

export interface RedisServer {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Kills the server (SIGKILL: no chance to save anything) and starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that nothing listens on now (bound and released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

/** Resolves once the port answers PING with PONG. */
async function waitForPong(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} before it was ready`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('error', () => {
        resolve(false);
      });
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A real Redis of the test's own, on a free port, for tests that must crash or restart it (the shared
 * one on 6379 serves every other test). Nothing is saved unless `appendOnly` is set.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--maxmemory-policy', 'noeviction', '--loglevel', 'warning'];
  if (options.appendOnly) {
    if (options.dir === undefined) throw new Error('appendOnly needs a dir for the append-only file');
    args.push('--appendonly', 'yes', '--appendfsync', 'always', '--dir', options.dir);
  } else {
    args.push('--appendonly', 'no');
  }
  const launch = async (): Promise<ChildProcess> => {
    const child = spawn(options.binary ?? 'redis-server', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', () => undefined);
    await waitForPong(port, child);
    return child;
  };
  const kill = async (child: ChildProcess): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  let child = await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart() {
      await kill(child);
      child = await launch();
    },
    async stop() {
      await kill(child);
    },
  };
}
