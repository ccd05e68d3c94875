import 'server-only';

import { getEnv, InvalidConfigurationError } from '@/lib/env';
import { runStartupDoctor } from '@/lib/logto/doctor/run-startup-doctor';

/**
 * Runs once per server process, from instrumentation.ts, before the first request is served.
 * `next start` has already validated the configuration in next.config.ts; the standalone
 * server.js does not load next.config.ts, so this is where it stops on a bad variable.
 */
export function startServer() {
  try {
    getEnv();
  } catch (error) {
    if (!(error instanceof InvalidConfigurationError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  // Not awaited: a slow or unreachable Logto must not hold up, or break, a single page.
  void runStartupDoctor();
}
