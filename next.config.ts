import type { NextConfig } from 'next';

import { validateEnvForPhase } from './lib/env';
import { fixedSecurityHeaders } from './lib/http/security-headers';

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules at run time.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  typedRoutes: true,
  // Fixed security headers on every path; proxy.ts adds the per-request CSP and HSTS.
  headers: async () => fixedSecurityHeaders(),
};

export default function config(phase: string): NextConfig {
  // Validates the whole server configuration at `next dev`, `next build` and `next start`:
  // a bad variable stops the command with one message naming every problem.
  validateEnvForPhase(phase);
  return nextConfig;
}
