// `npm run bench`: what organization-token verification costs an org-scoped route, measured
// on loopback against a production build. Prints figures; asserts nothing.
//
//   1. GET /api/organizations/:orgId/projects with a valid organization token (autocannon)
//   2. GET /api/health, a trivial route of the same app (the framework plus `select 1`)
//   3. verifyOrganizationToken alone with a warm key set: repeated token (cache hit) and
//      distinct tokens (a signature check each)
//
// Builds the app first unless BENCH_SKIP_BUILD=1 (then an existing `next build` is used).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import autocannon from 'autocannon';
import { createRemoteJWKSet } from 'jose';

import { LOCAL_LOGTO_DEFAULTS } from '../lib/env';
import { createOrganizationTokenVerifier } from '../lib/logto/organization-token';
import { startLocalLogto } from '../local-logto/src/server';
import { createTestUser, managementApiFor, TEST_PASSWORD } from '../tests/support/logto-admin';
import { freePorts, waitForUrl } from '../tests/support/ports';
import { signInClient } from '../tests/support/tokens';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function load(url: string, headers: Record<string, string>, connections: number, duration = DURATION_SECONDS) {
  const result = await autocannon({ url, headers, connections, duration });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors during the run`);
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    mean: result.latency.mean,
  };
}

function perSecond(count: number, ms: number) {
  return (count / ms) * 1000;
}

async function main() {
  const runDir = await mkdtemp(path.join(tmpdir(), 'saas-starter-bench-'));
  const [appPort = 0] = await freePorts(1);
  const appUrl = `http://localhost:${appPort}`;
  const logto = await startLocalLogto({ port: 0, quiet: true, redirectOrigins: [appUrl] });
  let app: ReturnType<typeof spawn> | undefined;
  try {
    const appEnv = {
      ...process.env,
      ...LOCAL_LOGTO_DEFAULTS,
      APP_URL: appUrl,
      LOGTO_ENDPOINT: logto.endpoint,
      APP_DATA_DIR: path.join(runDir, 'app'),
      DATABASE_URL: '',
      NEXT_TELEMETRY_DISABLED: '1',
      // One client at full speed is far over the default API rate limit. A limit this high never
      // refuses but still runs (one upsert per request), so its cost is in the figures;
      // RATE_LIMIT_API_PER_MINUTE=0 measures without it.
      RATE_LIMIT_API_PER_MINUTE: process.env.RATE_LIMIT_API_PER_MINUTE ?? '1000000000',
    };
    if (process.env.BENCH_SKIP_BUILD !== '1') {
      console.log('Building the app (BENCH_SKIP_BUILD=1 skips this)…');
      execFileSync('node_modules/.bin/next', ['build'], { env: appEnv, stdio: 'ignore' });
    }
    app = spawn('node_modules/.bin/next', ['start', '--port', String(appPort)], { env: { ...appEnv, NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'inherit'] });
    await waitForUrl(`${appUrl}/api/health`);

    // A user who owns an organization with a few projects, signed in like a client.
    const api = managementApiFor(logto.endpoint);
    const user = await createTestUser(logto.endpoint, { label: 'bench_owner', password: TEST_PASSWORD });
    const organization = await api.organizations.create({ name: 'Bench Inc' });
    await api.organizations.addUsers(organization.id, [user.id]);
    await api.organizations.addUserRolesByName(organization.id, user.id, ['owner']);
    const client = await signInClient({ endpoint: logto.endpoint, identifier: user.username, password: TEST_PASSWORD, redirectUri: `${appUrl}/callback` });
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

    console.log(`Load: ${CONNECTIONS} connections for ${DURATION_SECONDS} s each, loopback, one ${process.platform} machine.`);
    await load(projectsUrl, auth, CONNECTIONS, 2); // warm-up
    const orgRoute = await load(projectsUrl, auth, CONNECTIONS);
    const trivial = await load(`${appUrl}/api/health`, {}, CONNECTIONS);
    const orgRouteSerial = await load(projectsUrl, auth, 1);

    // The verifier alone, in this process, against the same Logto key set.
    const verifier = createOrganizationTokenVerifier({
      issuer: `${logto.endpoint}/oidc`,
      jwks: createRemoteJWKSet(new URL(`${logto.endpoint}/oidc/jwks`)),
    });
    await verifier(token, organization.id, ['read:projects']); // warms the key set and the cache
    const warmRounds = 50_000;
    let started = performance.now();
    for (let index = 0; index < warmRounds; index += 1) await verifier(token, organization.id, ['read:projects']);
    const warmMs = performance.now() - started;

    const distinct = await Promise.all(Array.from({ length: 200 }, () => client.organizationToken(organization.id)));
    const uncached = createOrganizationTokenVerifier({
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

    const row = (name: string, figures: Awaited<ReturnType<typeof load>>) =>
      `${name.padEnd(46)} ${figures.rps.toFixed(0).padStart(7)} req/s   p50 ${figures.p50} ms   p90 ${figures.p90} ms   p99 ${figures.p99} ms`;
    console.log('');
    console.log(row(`GET /api/organizations/:id/projects (${CONNECTIONS} conn)`, orgRoute));
    console.log(row(`GET /api/health (${CONNECTIONS} conn)`, trivial));
    console.log(row('GET /api/organizations/:id/projects (1 conn)', orgRouteSerial));
    console.log('');
    console.log(`Org-scoped route throughput / trivial route: ${(orgRoute.rps / trivial.rps).toFixed(2)}`);
    console.log(`verifyOrganizationToken, repeated token (cache hit): ${perSecond(warmRounds, warmMs).toFixed(0)} /s, ${warmMicros.toFixed(1)} µs each`);
    console.log(`verifyOrganizationToken, distinct tokens (signature each): ${perSecond(distinct.length, coldMs).toFixed(0)} /s, ${coldMicros.toFixed(0)} µs each`);
    console.log(`Share of an org-scoped request spent verifying (1 conn, mean ${orgRouteSerial.mean.toFixed(2)} ms):`);
    console.log(`  repeated token: ${((warmMicros / serialMicros) * 100).toFixed(2)} %   (target: under 10 %)`);
    console.log(`  first use of a token (signature check): ${((coldMicros / serialMicros) * 100).toFixed(1)} %`);
    console.log(`First org-scoped request after start (JWKS fetch + signature): ${coldFirstMs.toFixed(1)} ms`);
  } finally {
    if (app && app.exitCode === null) {
      const exited = new Promise((resolve) => app?.once('exit', resolve));
      app.kill('SIGTERM');
      await exited;
    }
    await logto.stop();
    await rm(runDir, { recursive: true, force: true });
  }
}

await main();
