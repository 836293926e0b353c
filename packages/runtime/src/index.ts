export * from './service.ts';
export { createSwitchboard } from './switchboard.ts';
export type { SwitchboardOptions } from './switchboard.ts';
