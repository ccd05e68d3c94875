import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // `server-only` throws outside a React Server bundle; tests run server code directly.
      'server-only': fileURLToPath(new URL('./tests/support/server-only.ts', import.meta.url)),
    },
  },
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', '.next/**', '.data/**', 'e2e/**', 'tests/contract/**'],
    environment: 'node',
    // A migrated PGlite for the data-layer tests to start from (tests/support/pglite-template.ts).
    globalSetup: ['tests/support/pglite-template.ts'],
    // Worker threads rather than a child process per file: each file still gets its own thread
    // and fresh modules (isolated as before). Measured on 2 cores, the stage takes about half
    // the wall and CPU time it took with child processes (README, "How long npm test takes").
    pool: 'threads',
    // One test file per core. Vitest's default (cores - 1) leaves one of 2 cores idle; the
    // main process mostly waits. Files are independent (own in-process Logto, own database).
    maxWorkers: Math.max(2, availableParallelism()),
    // In CI every test is listed, so the log shows which database each data-layer test ran on.
    reporters: process.env.CI ? ['verbose'] : ['default'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
