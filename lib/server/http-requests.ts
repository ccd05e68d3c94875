import 'server-only';

import { randomUUID } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import type { Logger } from 'pino';

// Every HTTP request the server process receives, seen where Node parses it: before Next's
// routing, proxy.ts, pages, server actions, route handlers and static files alike. That is the
// one place that knows both when a request started and the status and time it ended with, so
// the request log lines and the in-flight count for graceful shutdown come from here.

export const REQUEST_ID_HEADER = 'x-request-id';

/** What a proxy may hand us as a request id: short, printable, no separators to forge log fields. */
const FORWARDED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type RequestStart = { request: IncomingMessage; response: ServerResponse; server: Server };

export type RequestTracking = {
  /** The HTTP servers of this process that have served at least one request. */
  servers: Set<Server>;
  inFlight: () => number;
  /** Resolves once no request is in flight. */
  drained: () => Promise<void>;
  /** From now on, every response closes its connection (no keep-alive while shutting down). */
  closeConnectionsAfterResponses: () => void;
};

export function trackRequests({
  logger,
  trustProxyHeaders,
  logAssets,
}: {
  logger: Logger;
  /** Accept the proxy's X-Request-Id (else one is always made here). */
  trustProxyHeaders: boolean;
  /** Log requests for build assets under /_next/ too (noise in development). */
  logAssets: boolean;
}): RequestTracking {
  const servers = new Set<Server>();
  let inFlight = 0;
  let closing = false;
  let waiters: (() => void)[] = [];

  subscribe('http.server.request.start', (message) => {
    const { request, response, server } = message as RequestStart;
    servers.add(server);
    inFlight += 1;
    const started = process.hrtime.bigint();

    const forwarded = request.headers[REQUEST_ID_HEADER];
    const requestId = trustProxyHeaders && typeof forwarded === 'string' && FORWARDED_ID.test(forwarded) ? forwarded : randomUUID();
    // Pages, actions and route handlers read it from the request headers (error log lines);
    // the client and the proxy get it back on the response.
    request.headers[REQUEST_ID_HEADER] = requestId;
    response.setHeader(REQUEST_ID_HEADER, requestId);
    if (closing) response.setHeader('Connection', 'close');

    response.once('close', () => {
      inFlight -= 1;
      const path = (request.url ?? '/').split('?')[0] ?? '/'; // never the query: it may carry codes or tokens
      if (logAssets || !path.startsWith('/_next/')) {
        const status = response.statusCode;
        const fields = {
          requestId,
          method: request.method,
          path,
          status,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
          ...(response.writableFinished ? {} : { aborted: true }),
        };
        if (status >= 500) logger.error(fields, 'request');
        else logger.info(fields, 'request');
      }
      if (inFlight === 0) {
        const resolved = waiters;
        waiters = [];
        for (const resolve of resolved) resolve();
      }
    });
  });

  return {
    servers,
    inFlight: () => inFlight,
    drained: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    closeConnectionsAfterResponses: () => {
      closing = true;
    },
  };
}
