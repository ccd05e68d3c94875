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
    // In CI every test is listed, so the log shows which database each data-layer test ran on.
    reporters: process.env.CI ? ['verbose'] : ['default'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
