import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Workload } from './workloads.ts';

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  non2xx: number;
  timeouts: number;
  wrong: number;
  wrongSamples: string[];
}

/** Runs load.ts in a process of its own and reads the JSON line it prints. */
export function runLoad(options: { url: string; workload: Workload; connections: number; seconds: number; telegram?: { port: number; secret: string } }): Promise<LoadResult> {
  const args = [join(import.meta.dirname, 'load.ts'), '--url', options.url, '--workload', options.workload, '--connections', String(options.connections), '--seconds', String(options.seconds)];
  if (options.telegram) args.push('--telegram-port', String(options.telegram.port), '--telegram-secret', options.telegram.secret);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`the load generator exited with ${String(code)}`));
        return;
      }
      const parsed: unknown = JSON.parse(output.trim().split('\n').at(-1) ?? '{}');
      if (!isLoadResult(parsed)) {
        reject(new Error(`the load generator printed something unexpected: ${output.slice(0, 300)}`));
        return;
      }
      resolve(parsed);
    });
  });
}

function isLoadResult(value: unknown): value is LoadResult {
  return typeof value === 'object' && value !== null && 'requests' in value && typeof value.requests === 'number' && 'latency' in value && 'wrongSamples' in value && Array.isArray(value.wrongSamples);
}
