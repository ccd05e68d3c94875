import 'server-only';

import type { Logger } from 'pino';

import type { RequestTracking } from './http-requests';

/** How long in-flight requests may take to finish once SIGTERM arrived (Docker's default stop timeout is 10 s). */
export const DRAIN_LIMIT_MS = 8_000;

/**
 * On SIGTERM (or SIGINT): stop accepting connections, let the requests in flight finish, close
 * the database, exit 0. Installed only when NEXT_MANUAL_SIG_HANDLE is set, so Next's own handler
 * (which drains, but exits 143 without closing the pool) stays out of the way.
 */
export function handleShutdownSignals({
  tracking,
  closeDatabase,
  logger,
}: {
  tracking: RequestTracking;
  closeDatabase: () => Promise<void>;
  logger: Logger;
}) {
  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal, inFlight: tracking.inFlight() }, 'shutting down: no new connections, finishing requests in flight');
    tracking.closeConnectionsAfterResponses();
    // close() stops accepting and drops idle keep-alive connections; busy ones end after their response.
    for (const server of tracking.servers) server.close();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      tracking.drained().then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), DRAIN_LIMIT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) logger.warn({ inFlight: tracking.inFlight(), limitMs: DRAIN_LIMIT_MS }, 'shutting down: requests still in flight after the drain limit');
    for (const server of tracking.servers) server.closeAllConnections();
    let code = timedOut ? 1 : 0;
    try {
      await closeDatabase();
    } catch (error) {
      logger.error({ err: error }, 'shutting down: closing the database failed');
      code = 1;
    }
    logger.info({ code }, 'shut down');
    process.exit(code);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}
