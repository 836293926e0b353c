import path from 'node:path';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // Workspace packages ship TypeScript sources. The editor runs flow-schema, the compiler and the node
  // definitions in the browser; runtime is imported for its types only.
  transpilePackages: ['@switchboard/runtime', '@switchboard/flow-schema', '@switchboard/compiler', '@switchboard/nodes'],
  // npm workspaces: node_modules and the lockfile live at the repository root.
  turbopack: { root: path.resolve(import.meta.dirname, '../..') },
  // `npm run typecheck` checks app/ with the repository's stricter settings; a second pass here only
  // slows the build and would fail it on unrelated work in progress elsewhere in the repo.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // Browsers still ask for /favicon.ico on their own; answer with the app icon instead of a 404.
  rewrites() {
    return Promise.resolve([{ source: '/favicon.ico', destination: '/icon.svg' }]);
  },
};

export default config;
