export * from './service.ts';
export { createSwitchboard } from './switchboard.ts';
export type { SwitchboardOptions } from './switchboard.ts';
export { startWorker } from './queue/worker.ts';
export type { QueueWorker, WorkerHealth, WorkerOptions } from './queue/worker.ts';
export type { Lease } from './queue/lease.ts';
