// Organization token verifier throughput with a warm key set: npm run bench:verify
// (run with --conditions=react-server, as Next's server bundles resolve `server-only`).
// Prints figures only; docs/architecture.md says what they are compared against.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';

import { createAccessTokenVerifier } from '../lib/logto/access-token';

const COLD_TOKENS = 2_000;
const WARM_ITERATIONS = 200_000;
const RAW_ITERATIONS = 2_000;
const ORG = 'ewb37p1h29dr';
const KID = 'bench-es384';

const { publicKey, privateKey } = await generateKeyPair('ES384');
const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: 'ES384', use: 'sig' }] };

let jwksFetches = 0;
const server = createServer((request, response) => {
  if (request.url !== '/oidc/jwks') {
    response.writeHead(404).end();
    return;
  }
  jwksFetches += 1;
  response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(jwks));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const issuer = `${endpoint}/oidc`;
const keySet = createRemoteJWKSet(new URL(`${endpoint}/oidc/jwks`));

function mint(index: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    jti: `bench-${index}`,
    sub: 'w4pcsq1xd0ua',
    iat: now,
    exp: now + 3600,
    scope: 'read:projects write:projects read:members',
    client_id: 'sniysw14ritk6o0di4wgn',
    iss: issuer,
    aud: `urn:logto:organization:${ORG}`,
  })
    .setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid: KID })
    .sign(privateKey);
}

async function measure(iterations: number, run: (index: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let index = 0; index < iterations; index += 1) await run(index);
  return performance.now() - start;
}

function report(label: string, iterations: number, milliseconds: number): void {
  const perSecond = Math.round((iterations / milliseconds) * 1000).toLocaleString('en-US');
  const micros = ((milliseconds * 1000) / iterations).toFixed(2);
  console.log(`${label.padEnd(44)} ${perSecond.padStart(10)} /s  ${micros.padStart(9)} us/op`);
}

const tokens = await Promise.all(Array.from({ length: COLD_TOKENS + 1 }, (_, index) => mint(index)));
const [warmToken, ...coldTokens] = tokens;
if (warmToken === undefined) throw new Error('no token minted');

const { verifyOrganizationToken: verify } = createAccessTokenVerifier({ issuer, jwks: keySet });
// Warm the key set (the one fetch) and the JIT before timing.
await verify(warmToken, ORG, ['read:projects']);
for (let index = 0; index < 1_000; index += 1) await verify(warmToken, ORG, ['read:projects']);

console.log(`node ${process.version}, ${COLD_TOKENS} distinct tokens, ES384, warm remote JWKS\n`);

const coldMs = await measure(COLD_TOKENS, (index) => verify(coldTokens[index] ?? warmToken, ORG, ['read:projects']));
report('cold: distinct tokens (signature each time)', COLD_TOKENS, coldMs);

const warmMs = await measure(WARM_ITERATIONS, () => verify(warmToken, ORG, ['read:projects']));
report('warm: repeated token (cache hit)', WARM_ITERATIONS, warmMs);

const joseMs = await measure(COLD_TOKENS, (index) =>
  jwtVerify(coldTokens[index] ?? warmToken, keySet, { algorithms: ['ES384'], issuer, typ: 'at+jwt' }),
);
report('jose jwtVerify alone (no wrapper, no cache)', COLD_TOKENS, joseMs);

const [header = '', payload = '', signature = ''] = warmToken.split('.');
const signingInput = new TextEncoder().encode(`${header}.${payload}`);
const signatureBytes = Buffer.from(signature, 'base64url');
const rawMs = await measure(RAW_ITERATIONS, async () => {
  const valid = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, publicKey, signatureBytes, signingInput);
  if (!valid) throw new Error('signature did not verify');
});
report('raw ES384 signature verification (WebCrypto)', RAW_ITERATIONS, rawMs);

console.log(`\nJWKS fetches: ${jwksFetches}`);
server.close();
