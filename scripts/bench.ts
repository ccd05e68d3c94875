// `npm run bench`: what an org-scoped route costs next to a trivial one, and what
// organization-token verification costs it, measured on loopback against a production build.
// Prints figures; asserts nothing.
//
//   1. GET /api/organizations/:orgId/projects with a valid organization token (autocannon)
//   2. GET /api/health, a trivial route of the same app (the framework only, no database)
//      each at 1, 10 and 50 connections (BENCH_CONNECTIONS=1,10,50), taking turns for
//      BENCH_ROUNDS (3) rounds of BENCH_DURATION (5) seconds, reported by the median round
//   3. verifyOrganizationToken alone with a warm key set: repeated token (cache hit) and
//      distinct tokens (a signature check each)
//   4. signed-in page views (scripts/bench-pages.ts): response time with Logto next door and
//      100 ms away (a latency proxy in front of the local Logto), and Logto calls per view
//
// The app's database: PGlite in a fresh folder, or PostgreSQL when DATABASE_URL is set (use a
// database of its own: the bench writes a few projects). Builds the app first unless
// BENCH_SKIP_BUILD=1 (then an existing `next build` is used). BENCH_ROUTES_ONLY=1 stops after the
// route figures (1 and 2).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import autocannon from 'autocannon';
import pg from 'pg';
import { createRemoteJWKSet } from 'jose';

import { LOCAL_LOGTO_DEFAULTS } from '../lib/env';
import { createAccessTokenVerifier } from '../lib/logto/access-token';
import { startLocalLogto } from '../local-logto/src/server';
import { createTestUser, managementApiFor, TEST_PASSWORD } from '../tests/support/logto-admin';
import { freePorts, waitForUrl } from '../tests/support/ports';
import { signInClient } from '../tests/support/tokens';

import { benchPageViews, signInThroughApp, startLatencyProxy } from './bench-pages';
import { processTreeCpuMs } from './process-cpu';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP ?? 5);
const CONNECTION_LEVELS = (process.env.BENCH_CONNECTIONS ?? '1,10,50').split(',').map(Number);
const DATABASE_URL = process.env.DATABASE_URL || undefined;

/** CPU used so far (ms) by the app server and by the database server's backends, where readable. */
type CpuMeter = () => Promise<{ app: number | null; database: number | null }>;

async function load(url: string, headers: Record<string, string>, connections: number, duration = DURATION_SECONDS, cpu?: CpuMeter) {
  const before = await cpu?.();
  const result = await autocannon({ url, headers, connections, duration });
  const after = await cpu?.();
  // A wrong answer is a bug: stop. A connection error or a timeout (autocannon waits 10 s) is
  // what an overloaded machine does: count it and print it next to the figures.
  if (result.non2xx > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers during the run`);
  const perRequest = (key: 'app' | 'database') => {
    const [start, end] = [before?.[key], after?.[key]];
    // A database backend that closed during the run takes its CPU with it: no figure then.
    if (start == null || end == null || end < start || result.requests.total === 0) return null;
    return (end - start) / result.requests.total;
  };
  return {
    failed: result.errors,
    appCpuMs: perRequest('app'),
    databaseCpuMs: perRequest('database'),
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    mean: result.latency.mean,
  };
}

type Figures = Awaited<ReturnType<typeof load>>;

/** The round with the median throughput (the upper one of an even count). */
function medianRound(rounds: Figures[]): Figures {
  const sorted = [...rounds].sort((a, b) => a.rps - b.rps);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (!median) throw new Error('no rounds were run');
  return median;
}

function perSecond(count: number, ms: number) {
  return (count / ms) * 1000;
}

let cpuMeterClose: (() => Promise<void>) | undefined;

/**
 * CPU of the app server's process tree, and on PostgreSQL of the backends serving this database
 * (when the server runs on this machine: /proc shows its processes). With PGlite the database
 * runs inside the app process, so its CPU is in the app's figure.
 */
async function cpuMeter(appPid: number | undefined): Promise<{ read: CpuMeter }> {
  let backends: (() => Promise<number[]>) | undefined;
  if (DATABASE_URL) {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    cpuMeterClose = () => client.end();
    backends = async () => {
      const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      return rows.map((row) => row.pid);
    };
  }
  return {
    read: async () => {
      const app = appPid === undefined ? null : processTreeCpuMs(appPid);
      if (!backends) return { app, database: null };
      const pids = await backends();
      const times = pids.map((pid) => processTreeCpuMs(pid));
      return { app, database: times.some((time) => time === null) || times.length === 0 ? null : times.reduce<number>((sum, time) => sum + (time ?? 0), 0) };
    },
  };
}

async function main() {
  const runDir = await mkdtemp(path.join(tmpdir(), 'saas-starter-bench-'));
  const [appPort = 0] = await freePorts(1);
  const appUrl = `http://localhost:${appPort}`;
  // Every request to Logto, the app's included, goes through a loopback proxy (no delay but in
  // the page-view section), which also counts them.
  const proxy = await startLatencyProxy();
  const logto = await startLocalLogto({ port: 0, quiet: true, redirectOrigins: [appUrl], publicEndpoint: proxy.url });
  proxy.targetPort = logto.port;
  // The bench's own setup (users, tokens) talks to Logto directly, past the proxy.
  const logtoDirect = `http://localhost:${logto.port}`;
  let app: ReturnType<typeof spawn> | undefined;
  try {
    const appEnv = {
      ...process.env,
      ...LOCAL_LOGTO_DEFAULTS,
      APP_URL: appUrl,
      LOGTO_ENDPOINT: logto.endpoint,
      ...(DATABASE_URL ? { DATABASE_URL, APP_DATA_DIR: '' } : { APP_DATA_DIR: path.join(runDir, 'app'), DATABASE_URL: '' }),
      NEXT_TELEMETRY_DISABLED: '1',
      // One client at full speed is far over the default API rate limit. A limit this high never
      // refuses but still runs (reserving from the shared counter in batches), so its cost is in the figures;
      // RATE_LIMIT_API_PER_MINUTE=0 measures without it.
      RATE_LIMIT_API_PER_MINUTE: process.env.RATE_LIMIT_API_PER_MINUTE ?? '1000000000',
    };
    if (process.env.BENCH_SKIP_BUILD !== '1') {
      console.log('Building the app (BENCH_SKIP_BUILD=1 skips this)…');
      execFileSync('node_modules/.bin/next', ['build'], { env: appEnv, stdio: 'ignore' });
    }
    // BENCH_CPU_PROFILE=<folder>: the app server writes a V8 CPU profile there when it exits
    // (open it in Chrome DevTools' Performance panel or speedscope).
    const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROFILE)] : [];
    app = spawn(process.execPath, [...profile, 'node_modules/next/dist/bin/next', 'start', '--port', String(appPort)], {
      env: { ...appEnv, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // Ready: the database is open and migrated, Logto answers.
    await waitForUrl(`${appUrl}/api/health/ready`, { timeoutMs: 180_000 });
    const cpu = await cpuMeter(app.pid);

    // A user who owns an organization with a few projects, signed in like a client.
    const api = managementApiFor(logtoDirect);
    const user = await createTestUser(logtoDirect, { label: 'bench_owner', password: TEST_PASSWORD });
    const organization = await api.organizations.create({ name: 'Bench Inc' });
    await api.organizations.addUsers(organization.id, [user.id]);
    await api.organizations.addUserRolesByName(organization.id, user.id, ['owner']);
    const client = await signInClient({ endpoint: logtoDirect, identifier: user.username, password: TEST_PASSWORD, redirectUri: `${appUrl}/callback` });
    const token = await client.organizationToken(organization.id);
    const projectsUrl = `${appUrl}/api/organizations/${organization.id}/projects`;
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    for (let index = 0; index < 5; index += 1) {
      const response = await fetch(projectsUrl, { method: 'POST', headers: auth, body: JSON.stringify({ name: `Project ${index}` }) });
      if (response.status !== 201) throw new Error(`seeding projects failed: ${response.status}`);
    }

    // The very first org-scoped request of a fresh server: JWKS fetch + one signature check.
    const coldStart = performance.now();
    const first = await fetch(projectsUrl, { headers: auth });
    const coldFirstMs = performance.now() - coldStart;
    if (!first.ok) throw new Error(`first request failed: ${first.status}`);

    console.log(`Database: ${DATABASE_URL ? `PostgreSQL (${new URL(DATABASE_URL).host})` : 'PGlite'}. median of ${ROUNDS} rounds of ${DURATION_SECONDS} s per route, loopback, one ${process.platform} machine.`);
    // Warm-up: a fresh server loads route modules lazily, V8 optimizes hot code after thousands
    // of calls and the pool opens its connections. With two seconds of it, the org-scoped route,
    // measured first, took 1.5 to 1.7 times the CPU per request it took later in the same run.
    for (let round = 0; round < 2; round += 1) {
      await load(projectsUrl, auth, 10, WARM_UP_SECONDS);
      await load(`${appUrl}/api/health`, {}, 10, WARM_UP_SECONDS);
    }
    // The two routes take turns, ROUNDS times, and each is reported by its median round: a
    // machine's drift (another process, a GC-heavy moment) then falls on both, not on one.
    const levels: { connections: number; orgRoute: Figures; trivial: Figures }[] = [];
    for (const connections of CONNECTION_LEVELS) {
      const orgRounds: Figures[] = [];
      const trivialRounds: Figures[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        orgRounds.push(await load(projectsUrl, auth, connections, DURATION_SECONDS, cpu.read));
        trivialRounds.push(await load(`${appUrl}/api/health`, {}, connections, DURATION_SECONDS, cpu.read));
      }
      levels.push({ connections, orgRoute: medianRound(orgRounds), trivial: medianRound(trivialRounds) });
    }
    const cpuText = (figures: Figures) =>
      [
        figures.appCpuMs === null ? '' : `app CPU ${figures.appCpuMs.toFixed(2)} ms/req`,
        figures.databaseCpuMs === null ? '' : `database CPU ${figures.databaseCpuMs.toFixed(2)} ms/req`,
      ].filter(Boolean).join('   ');
    const row = (name: string, figures: Figures) =>
      `${name.padEnd(44)} ${figures.rps.toFixed(0).padStart(7)} req/s   p50 ${figures.p50} ms   p90 ${figures.p90} ms   p99 ${figures.p99} ms   ${cpuText(figures)}${figures.failed ? `   ${figures.failed} errors/timeouts` : ''}`;
    console.log('');
    for (const { connections, orgRoute, trivial } of levels) {
      console.log(row(`GET /api/organizations/:id/projects (${connections} conn)`, orgRoute));
      console.log(row(`GET /api/health (${connections} conn)`, trivial));
      const cpuRatio =
        orgRoute.appCpuMs && trivial.appCpuMs
          ? `   (trivial / org-scoped app CPU per request: ${(trivial.appCpuMs / orgRoute.appCpuMs).toFixed(2)}, the ratio a CPU-bound app would reach)`
          : '';
      console.log(`${'  org-scoped / trivial'.padEnd(44)} ${(orgRoute.rps / trivial.rps).toFixed(2).padStart(7)}${cpuRatio}`);
    }
    if (process.env.BENCH_ROUTES_ONLY === '1') return;

    const orgRouteSerial = levels.find((level) => level.connections === 1)?.orgRoute ?? (await load(projectsUrl, auth, 1));

    // The verifier alone, in this process, against the same Logto key set.
    const { verifyOrganizationToken: verifier } = createAccessTokenVerifier({
      issuer: `${logto.endpoint}/oidc`,
      jwks: createRemoteJWKSet(new URL(`${logto.endpoint}/oidc/jwks`)),
    });
    await verifier(token, organization.id, ['read:projects']); // warms the key set and the cache
    const warmRounds = 50_000;
    let started = performance.now();
    for (let index = 0; index < warmRounds; index += 1) await verifier(token, organization.id, ['read:projects']);
    const warmMs = performance.now() - started;

    // 200 distinct tokens, minted ten at a time (all at once can outlast a busy Logto's timeouts).
    const distinct: string[] = [];
    while (distinct.length < 200) distinct.push(...(await Promise.all(Array.from({ length: 10 }, () => client.organizationToken(organization.id)))));
    const { verifyOrganizationToken: uncached } = createAccessTokenVerifier({
      issuer: `${logto.endpoint}/oidc`,
      jwks: createRemoteJWKSet(new URL(`${logto.endpoint}/oidc/jwks`)),
    });
    await uncached(distinct[0] ?? token, organization.id, []);
    started = performance.now();
    for (const distinctToken of distinct) await uncached(distinctToken, organization.id, ['read:projects']);
    const coldMs = performance.now() - started;

    const warmMicros = (warmMs / warmRounds) * 1000;
    const coldMicros = (coldMs / distinct.length) * 1000;
    const serialMicros = orgRouteSerial.mean * 1000;

    console.log('');
    console.log(`verifyOrganizationToken, repeated token (cache hit): ${perSecond(warmRounds, warmMs).toFixed(0)} /s, ${warmMicros.toFixed(1)} µs each`);
    console.log(`verifyOrganizationToken, distinct tokens (signature each): ${perSecond(distinct.length, coldMs).toFixed(0)} /s, ${coldMicros.toFixed(0)} µs each`);
    console.log(`Share of an org-scoped request spent verifying (1 conn, mean ${orgRouteSerial.mean.toFixed(2)} ms):`);
    console.log(`  repeated token: ${((warmMicros / serialMicros) * 100).toFixed(2)} %   (target: under 10 %)`);
    console.log(`  first use of a token (signature check): ${((coldMicros / serialMicros) * 100).toFixed(1)} %`);
    console.log(`First org-scoped request after start (JWKS fetch + signature): ${coldFirstMs.toFixed(1)} ms`);

    // A few members with display names, so the members and activity pages have something to show.
    for (const role of ['admin', 'member', 'viewer']) {
      const member = await createTestUser(logtoDirect, { label: `Bench ${role}` });
      await api.organizations.addUsers(organization.id, [member.id]);
      await api.organizations.addUserRolesByName(organization.id, member.id, [role]);
    }
    const browser = await signInThroughApp({
      appUrl,
      logtoEndpoint: logto.endpoint,
      appId: LOCAL_LOGTO_DEFAULTS.LOGTO_APP_ID,
      appSecret: LOCAL_LOGTO_DEFAULTS.LOGTO_APP_SECRET,
      username: user.username,
      password: TEST_PASSWORD,
    });
    await benchPageViews({ appUrl, proxy, browser, organizationId: organization.id });
  } finally {
    await cpuMeterClose?.();
    if (app && app.exitCode === null) {
      const exited = new Promise((resolve) => app?.once('exit', resolve));
      app.kill('SIGTERM');
      await exited;
    }
    await logto.stop();
    await proxy.stop();
    await rm(runDir, { recursive: true, force: true });
  }
}

await main();
