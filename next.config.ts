import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

import { validateEnvForPhase } from './lib/env';
import { fixedSecurityHeaders } from './lib/http/security-headers';

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules at run time.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  // A self-contained server (.next/standalone/server.js with only the node_modules it uses),
  // what the Dockerfile ships. `next start` keeps working as before.
  output: 'standalone',
  // Migrations are read from disk when the database opens (lib/db/connect.ts): every route may
  // be the first to open it, so every route's output carries them.
  outputFileTracingIncludes: { '/**': ['./lib/db/migrations/**/*'] },
  typedRoutes: true,
  // `npm test` type-checks the whole project first (`npm run typecheck`: the same tsconfig and
  // generated route types) and sets this for its later stages, so the end-to-end suite's build
  // doesn't repeat that check. Every other build checks types.
  typescript: { ignoreBuildErrors: process.env.NEXT_BUILD_SKIP_TYPECHECK === '1' },
  // Fixed security headers on every path; proxy.ts adds the per-request CSP and HSTS.
  headers: async () => fixedSecurityHeaders(),
};

// next-intl: its request configuration (locale and messages per request) is i18n/request.ts.
const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

export default function config(phase: string): NextConfig {
  // Validates the whole server configuration at `next dev`, `next build` and `next start`:
  // a bad variable stops the command with one message naming every problem.
  const env = validateEnvForPhase(phase);
  // Server actions accept posts whose Origin is the Host (or X-Forwarded-Host) they arrived
  // with; behind a proxy that rewrites Host, also APP_URL's host and any listed ones.
  // IMPORTANT: the standalone output keeps the value computed at build time.
  const allowedOrigins = [new URL(env.appUrl).host, ...env.serverActionsAllowedOrigins];
  return withNextIntl({ ...nextConfig, experimental: { ...nextConfig.experimental, serverActions: { allowedOrigins } } });
}
