import './oidc/silence-runtime-warning.js';

import type { IncomingMessage, ServerResponse } from 'node:http';

import type Provider from 'oidc-provider';

import { openDatabase, type Database } from './db/database.js';
import { registerMfaExperienceRoutes } from './experience/mfa-routes.js';
import { registerExperienceRoutes } from './experience/routes.js';
import { WebhookDispatcher } from './hooks/dispatcher.js';
import { listenOnLoopback } from './http/listen.js';
import { ApiError, send, sendError } from './http/responses.js';
import { Router } from './http/router.js';
import { registerManagementRoutes } from './management/routes.js';
import { deleteExpiredPayloads } from './oidc/adapter.js';
import { loadCookieKeys, loadSigningKey, type SigningKey } from './oidc/keys.js';
import { createOidcProvider } from './oidc/provider.js';
import { registerAccountSecurityRoutes } from './pages/account-security.js';
import { registerOutboxRoutes } from './pages/outbox.js';
import { registerPageRoutes } from './pages/routes.js';
import { seed } from './seed.js';

export interface LocalLogtoOptions {
  /** 0 picks a free port; default 3001. */
  port?: number;
  /** Where the PGlite database lives; undefined keeps everything in memory (tests). */
  dataDir?: string;
  /** Wipe the data folder's database first. */
  reset?: boolean;
  /** Extra origins whose `/callback` and `/` the web app accepts. */
  redirectOrigins?: string[];
  /**
   * The app's URL (APP_URL) in development: its `/callback` and `/` are accepted and a hook
   * delivers the app's events to `${appUrl}/api/webhooks/logto`. Unset: no hook is seeded.
   */
  appUrl?: string;
  /** Seed no organization template, app API resource or default role. */
  emptyTemplate?: boolean;
  /** Print nothing. */
  quiet?: boolean;
  /**
   * The URL clients reach this server at when something stands in front of it (the bench's
   * latency proxy); the issuer follows it. Default: `http://localhost:<port>`.
   */
  publicEndpoint?: string;
}

/** Everything a running server holds; tests of this folder reach into it. */
export interface LocalLogtoInstance {
  endpoint: string;
  issuer: string;
  port: number;
  database: Database;
  provider: Provider;
  signingKey: SigningKey;
  /** Sends the webhooks; `hooks.idle()` waits for deliveries in flight. */
  hooks: WebhookDispatcher;
  stop(): Promise<void>;
}

const OIDC_PREFIX = '/oidc';
const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

export async function createLocalLogtoInstance(options: LocalLogtoOptions = {}): Promise<LocalLogtoInstance> {
  const log = options.quiet ? () => {} : (message: string) => console.log(message);
  const database = await openDatabase(options.dataDir, { reset: options.reset });

  let ready: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const listener = await (async () => {
    await seed(database, {
      emptyTemplate: options.emptyTemplate,
      redirectOrigins: options.redirectOrigins,
      appUrl: options.appUrl,
    });
    // The issuer names the port, so the port is bound before the provider exists.
    return listenOnLoopback((req, res) => {
      if (ready) {
        ready(req, res);
      } else {
        res.statusCode = 503;
        res.end('Starting');
      }
    }, options.port ?? 3001);
  })().catch(async (error: unknown) => {
    await database.close();
    throw error;
  });

  const endpoint = options.publicEndpoint ?? `http://localhost:${listener.port}`;
  const issuer = `${endpoint}${OIDC_PREFIX}`;
  const hooks = new WebhookDispatcher(database);
  let cleanup: NodeJS.Timeout | undefined;
  try {
    const signingKey = await loadSigningKey(database);
    const provider = createOidcProvider({ issuer, db: database, signingKey, cookieKeys: await loadCookieKeys(database) });

    const router = new Router();
    registerExperienceRoutes(router, { provider, database, hooks });
    registerMfaExperienceRoutes(router, { provider, database, hostname: new URL(endpoint).hostname });
    registerManagementRoutes(router, { database, signingKey, issuer, hooks });
    registerOutboxRoutes(router, { db: database });
    registerPageRoutes(router, { provider, db: database, endpoint, appUrl: options.appUrl });
    registerAccountSecurityRoutes(router, { provider, database, hostname: new URL(endpoint).hostname });

    const oidc = provider.callback();
    ready = (req, res) => {
      void handleRequest(req, res, { router, oidc });
    };

    await deleteExpiredPayloads(database);
    cleanup = setInterval(() => {
      deleteExpiredPayloads(database).catch(() => {});
    }, CLEANUP_INTERVAL_MS);
    cleanup.unref();

    log(`Local Logto (development only) is ready at ${endpoint} (issuer ${issuer})`);

    let stopped: Promise<void> | undefined;
    return {
      endpoint,
      issuer,
      port: listener.port,
      database,
      provider,
      signingKey,
      hooks,
      stop: () =>
        (stopped ??= (async () => {
          clearInterval(cleanup);
          await listener.close();
          await hooks.stop();
          await database.close();
        })()),
    };
  } catch (error) {
    clearInterval(cleanup);
    await listener.close();
    await hooks.stop();
    await database.close();
    throw error;
  }
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  context: {
    router: Router;
    oidc: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  },
): Promise<void> {
  const rawUrl = req.url ?? '/';
  // The Host header gives the origin clients used (Logto's Link headers echo it).
  const origin = `http://${req.headers.host ?? 'localhost'}`;
  if (!rawUrl.startsWith('/') || !URL.canParse(rawUrl, origin)) {
    send(res, { status: 400, text: 'Bad Request' });
    return;
  }
  const url = new URL(rawUrl, origin);
  try {
    if (/^\/oidc(?:[/?]|$)/.test(rawUrl)) {
      // oidc-provider derives its mount path (and so every URL it prints) from originalUrl.
      Object.assign(req, { originalUrl: rawUrl, url: rawUrl.slice(OIDC_PREFIX.length) || '/' });
      await context.oidc(req, res);
      return;
    }
    const match = context.router.match(req.method ?? 'GET', url.pathname);
    if (match.kind === 'not_found') {
      send(res, { status: 404, text: 'Not Found' });
      return;
    }
    if (match.kind === 'method_not_allowed') {
      send(res, { status: 405, text: 'Method Not Allowed' });
      return;
    }
    send(res, await match.handler({ req, res, url, params: match.params, route: match.route }));
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof ApiError) {
      sendError(res, error);
      return;
    }
    // A bug, not a client error: always visible, never sent to the client.
    console.error(`Local Logto: unexpected error on ${req.method ?? 'GET'} ${url.pathname}:`, error);
    sendError(res, new ApiError(500, 'unexpected_error', 'An unexpected error occurred.'));
  }
}
