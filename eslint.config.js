// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Dependency direction (DESIGN.md): each entry lists what a folder must not import, and why. */
const boundaries = [
  {
    files: ['packages/flow-schema/**'],
    patterns: [{ group: ['@switchboard/*'], message: 'flow-schema depends on nothing internal: move the shared type here instead.' }],
  },
  {
    files: ['packages/compiler/**'],
    patterns: [
      { group: ['@switchboard/*', '!@switchboard/flow-schema'], message: 'the compiler runs in the browser: depend on flow-schema only.' },
    ],
  },
  {
    files: ['packages/channels/**'],
    patterns: [
      { group: ['@switchboard/*', '!@switchboard/flow-schema'], message: 'channels is shared by node definitions in the browser and by servers: depend on flow-schema only.' },
      { group: ['node:*'], message: 'channels runs in the browser too: keep server code in the adapters.' },
    ],
  },
  {
    files: ['packages/engine/**'],
    patterns: [
      { group: ['@switchboard/*', '!@switchboard/flow-schema', '!@switchboard/compiler'], message: 'the engine talks to storage through its own interfaces (RunStore …): implement them in runtime or db.' },
      { group: ['@prisma/*', 'pg', 'bullmq', 'ioredis'], message: 'the engine never touches a database or a queue directly: declare an interface and implement it in runtime.' },
    ],
  },
  {
    files: ['nodes/**'],
    patterns: [
      { group: ['@switchboard/db', '@switchboard/runtime', '@switchboard/web', '@prisma/*'], message: 'nodes receive everything through their run context: never import db, runtime or apps.' },
    ],
  },
  {
    files: ['nodes/src/**/definition.ts', 'nodes/src/definitions.ts'],
    patterns: [
      { group: ['openai', '@anthropic-ai/*', 'node:*', './run.ts', '../**/run.ts'], message: 'definitions load in the browser: keep SDKs and server code in run.ts.' },
    ],
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.next/**', 'packages/db/src/generated/**', '**/next-env.d.ts', '.switchboard/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'read the environment once, in the env.ts of your app or package, and pass values in.' },
      ],
    },
  },
  ...boundaries.map(({ files, patterns }) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } })),
  {
    files: ['**/env.ts', '**/*.test.ts', 'vitest.config.ts', 'scripts/**', 'bench/src/**', 'e2e/**', 'packages/testing/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
