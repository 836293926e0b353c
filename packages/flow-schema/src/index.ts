export * from './document.ts';
export * from './events.ts';
export * from './ids.ts';
export * from './node.ts';
export * from './ports.ts';
export * from './registry.ts';
export * from './expression/index.ts';
export * from './export.ts';
