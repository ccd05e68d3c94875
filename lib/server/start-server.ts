import 'server-only';

import { getDb } from '@/lib/db/client';
import { closeDatabase } from '@/lib/db/connect';
import { getEnv, InvalidConfigurationError } from '@/lib/env';
import { getLogger } from '@/lib/logger';
import { runStartupDoctor } from '@/lib/logto/doctor/run-startup-doctor';

import { handleShutdownSignals } from './graceful-shutdown';
import { trackRequests } from './http-requests';

const globalForServer = globalThis as typeof globalThis & { __serverStarted?: boolean };

/**
 * Runs once per server process, from instrumentation.ts, before the first request is served.
 * `next start` has already validated the configuration in next.config.ts; the standalone
 * server.js does not load next.config.ts, so this is where it stops on a bad variable.
 */
export function startServer() {
  if (globalForServer.__serverStarted) return;
  globalForServer.__serverStarted = true;
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (!(error instanceof InvalidConfigurationError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const logger = getLogger();
  const tracking = trackRequests({ logger, trustProxyHeaders: env.trustedProxies > 0, logAssets: env.nodeEnv === 'production' });
  if (env.nodeEnv === 'production') {
    if (env.manualSignalHandling) {
      handleShutdownSignals({ tracking, closeDatabase, logger });
    } else {
      logger.warn('NEXT_MANUAL_SIG_HANDLE is not set: on SIGTERM, Next drains requests but exits without closing the database (the Dockerfile and `npm start` set it)');
    }
  }
  // Open the database (and apply pending migrations) now, not on the first request: a fresh
  // PGlite folder takes seconds and blocks the process meanwhile, which broke the first sign-in
  // when it happened while that request waited on Logto. The doctor runs after it for the same
  // reason. Neither is awaited: a slow database or Logto must not hold up the server's start;
  // a failed open is tried again by the first request that needs the database.
  void getDb()
    .catch((error: unknown) => logger.error({ err: error }, 'the database could not be opened at start'))
    .then(() =>
      runStartupDoctor({ logger: { info: (message: string) => logger.info(message), warn: (message: string) => logger.warn(message) } }),
    );
}
