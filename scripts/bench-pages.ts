// The page-view section of `npm run bench`: signed-in page views with Logto next door and with
// Logto 100 ms away (a latency proxy on loopback in front of the local Logto), and how many
// requests each view sends to Logto (Management API and token endpoint alike).
import { createServer, request as httpRequestRaw, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';

import { BrowserSession, SignInInteraction } from '../tests/contract/support/sign-in';

/** A loopback HTTP proxy in front of Logto that waits `delayMs` before forwarding each request and counts them. */
export type LatencyProxy = {
  url: string;
  port: number;
  delayMs: number;
  /** Where requests go (the local Logto's port); set once Logto is up. */
  targetPort: number;
  /** Requests forwarded since the last reset, as "METHOD /path". */
  calls: string[];
  stop: () => Promise<void>;
};

export async function startLatencyProxy(): Promise<LatencyProxy> {
  const proxy: LatencyProxy = {
    url: '',
    port: 0,
    delayMs: 0,
    targetPort: 0,
    calls: [],
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((incoming, outgoing) => {
    proxy.calls.push(`${incoming.method} ${incoming.url?.split('?')[0]}`);
    setTimeout(() => {
      const upstream = httpRequestRaw(
        { host: '127.0.0.1', port: proxy.targetPort, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstream.on('error', () => {
        outgoing.writeHead(502).end();
      });
      incoming.pipe(upstream);
    }, proxy.delayMs);
  });
  server.keepAliveTimeout = 60_000;
  const stopServer = proxy.stop;
  // Keep-alive sockets from the app would hold close() open: end them too.
  proxy.stop = async () => {
    server.closeAllConnections();
    await stopServer();
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  proxy.port = address.port;
  proxy.url = `http://localhost:${address.port}`;
  return proxy;
}

/** Signs in through the app (its /sign-in route, Logto's Experience API, its /callback) like a browser. */
export async function signInThroughApp(input: { appUrl: string; logtoEndpoint: string; appId: string; appSecret: string; username: string; password: string }) {
  const browser = new BrowserSession();
  const start = await browser.request(`${input.appUrl}/sign-in?returnTo=/dashboard`);
  const authorize = new URL(start.headers.get('location') ?? '', input.appUrl);
  const state = authorize.searchParams.get('state') ?? '';
  let page = authorize;
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await browser.request(page, { headers: { accept: 'text/html,*/*' } });
    const location = response.headers.get('location');
    if (!location) break;
    page = new URL(location, page);
  }
  const interaction = new SignInInteraction(
    { endpoint: input.logtoEndpoint, appId: input.appId, appSecret: input.appSecret, redirectUri: `${input.appUrl}/callback` },
    browser,
    state,
    '',
    page,
  );
  await interaction.experience('PUT', '', { interactionEvent: 'SignIn' });
  const verification = await interaction.experience('POST', '/verification/password', {
    identifier: { type: 'username', value: input.username },
    password: input.password,
  });
  const { verificationId } = verification.json as { verificationId: string };
  await interaction.experience('POST', '/identification', { verificationId });
  const submit = await interaction.experience('POST', '/submit');
  const callback = await interaction.finish((submit.json as { redirectTo: string }).redirectTo);
  const landed = await browser.request(callback);
  if (landed.status >= 400) throw new Error(`the app's callback answered ${landed.status}`);
  return browser;
}

type PageFigures = { p50: number; mean: number; callsPerView: number };

async function viewPage(browser: BrowserSession, url: string) {
  const started = performance.now();
  const response = await browser.request(url, { headers: { accept: 'text/html' } });
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return ms;
}

async function measure(browser: BrowserSession, proxy: LatencyProxy, url: string, views: number): Promise<PageFigures> {
  await viewPage(browser, url); // warm: fills the mirror, compiles nothing (production build)
  proxy.calls = [];
  const times: number[] = [];
  for (let index = 0; index < views; index += 1) times.push(await viewPage(browser, url));
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length / 2)] ?? 0,
    mean: times.reduce((sum, value) => sum + value, 0) / times.length,
    callsPerView: proxy.calls.length / views,
  };
}

/** Prints, per page, the response time without and with 100 ms in front of Logto, and Logto calls per warm view. */
export async function benchPageViews(input: {
  appUrl: string;
  proxy: LatencyProxy;
  browser: BrowserSession;
  organizationId: string;
  views?: number;
  latencyMs?: number;
}) {
  const { appUrl, proxy, browser, organizationId, views = 20, latencyMs = 100 } = input;
  const pages = [
    ['dashboard', '/dashboard'],
    ['organization home (projects)', `/o/${organizationId}`],
    ['members', `/o/${organizationId}/members`],
    ['settings', `/o/${organizationId}/settings`],
    ['activity', `/o/${organizationId}/activity`],
    ['create organization form', '/organizations/new'],
  ] as const;

  const rows: string[] = [];
  for (const [name, path] of pages) {
    proxy.delayMs = 0;
    const near = await measure(browser, proxy, `${appUrl}${path}`, views);
    proxy.delayMs = latencyMs;
    const far = await measure(browser, proxy, `${appUrl}${path}`, views);
    proxy.delayMs = 0;
    rows.push(
      `${name.padEnd(30)} ${near.p50.toFixed(1).padStart(7)} ms ${far.p50.toFixed(1).padStart(9)} ms ${(far.p50 / near.p50).toFixed(2).padStart(7)}x ${far.callsPerView.toFixed(2).padStart(8)}`,
    );
  }
  console.log('');
  console.log(`Signed-in page views, warm, ${views} sequential views each (median response time; Logto calls counted at the proxy):`);
  console.log(`${'page'.padEnd(30)} ${'Logto near'.padStart(10)} ${`Logto +${latencyMs} ms`.padStart(12)} ${'ratio'.padStart(8)} ${'calls/view'.padStart(10)}`);
  for (const row of rows) console.log(row);
}
