// The verifier against real tokens issued by the local Logto (the same code path as Logto
// Cloud): what a member's organization token and resource access token pass, and what every
// look-alike fails.

import { beforeAll, describe, expect, it } from 'vitest';

import { LOCAL_LOGTO_DEFAULTS } from '@/lib/env';
import { useLocalLogto } from '@/tests/support/local-logto';
import { createTestUser, managementApiFor, TEST_PASSWORD } from '@/tests/support/logto-admin';
import { signInClient, type SignedInClient } from '@/tests/support/tokens';

import { AccessTokenError, accessTokenVerifierFor, type VerifyOrganizationToken } from './access-token';

const logto = useLocalLogto();

describe('verifyOrganizationToken with tokens from the local Logto', () => {
  let orgA: string;
  let orgB: string;
  let owner: SignedInClient;
  let viewer: SignedInClient;

  beforeAll(async () => {
    const { endpoint } = logto();
    const api = managementApiFor(endpoint);
    const [{ id: ownerId, username: ownerName }, { id: viewerId, username: viewerName }] = await Promise.all([
      createTestUser(endpoint, { label: 'owner', password: TEST_PASSWORD }),
      createTestUser(endpoint, { label: 'viewer', password: TEST_PASSWORD }),
    ]);
    orgA = (await api.organizations.create({ name: 'Org A' })).id;
    orgB = (await api.organizations.create({ name: 'Org B' })).id;
    for (const organizationId of [orgA, orgB]) {
      await api.organizations.addUsers(organizationId, [ownerId]);
      await api.organizations.addUserRolesByName(organizationId, ownerId, ['owner']);
    }
    await api.organizations.addUsers(orgA, [viewerId]);
    await api.organizations.addUserRolesByName(orgA, viewerId, ['viewer']);
    owner = await signInClient({ endpoint, identifier: ownerName });
    viewer = await signInClient({ endpoint, identifier: viewerName });
  });

  const verify: VerifyOrganizationToken = (token, organizationId, scopes) =>
    accessTokenVerifierFor(logto().endpoint).verifyOrganizationToken(token, organizationId, scopes);

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AccessTokenError);
    return (error as AccessTokenError).kind;
  };

  it("passes a member's organization token for that organization with the role's scopes", async () => {
    const verified = await verify(await owner.organizationToken(orgA), orgA, ['read:projects', 'delete:organization']);
    expect(verified.organizationId).toBe(orgA);
    expect(verified.subjectType).toBe('user');
    expect([...verified.scopes].sort()).toContain('manage:members');
  });

  it("refuses organization B's token on organization A's routes", async () => {
    expect(await refusal(verify(await owner.organizationToken(orgB), orgA, ['read:projects']))).toBe('invalid_token');
  });

  it('refuses a scope the role lacks with insufficient_scope', async () => {
    const token = await viewer.organizationToken(orgA);
    await expect(verify(token, orgA, ['read:projects'])).resolves.toMatchObject({ organizationId: orgA });
    expect(await refusal(verify(token, orgA, ['write:projects']))).toBe('insufficient_scope');
  });

  it('refuses an access token for the API resource and an ID token', async () => {
    const resourceToken = await owner.resourceToken(LOCAL_LOGTO_DEFAULTS.LOGTO_API_RESOURCE);
    expect(await refusal(verify(resourceToken, orgA, []))).toBe('invalid_token');
    expect(await refusal(verify(owner.idToken, orgA, []))).toBe('invalid_token');
  });

  it('passes the access token for the API resource with create:organizations (default role)', async () => {
    const resource = LOCAL_LOGTO_DEFAULTS.LOGTO_API_RESOURCE;
    const verified = await accessTokenVerifierFor(logto().endpoint).verifyResourceToken(await owner.resourceToken(resource), resource, [
      'create:organizations',
    ]);
    expect(verified).toMatchObject({ resource, subjectType: 'user' });
    const organizationToken = await owner.organizationToken(orgA);
    expect(await refusal(accessTokenVerifierFor(logto().endpoint).verifyResourceToken(organizationToken, resource, []))).toBe('invalid_token');
  });

  it("refuses a token whose signature no longer matches (one claim changed)", async () => {
    const [header, payload, signature] = (await owner.organizationToken(orgA)).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, aud: `urn:logto:organization:${orgB}` })).toString('base64url');
    expect(await refusal(verify(`${header}.${forged}.${signature}`, orgB, []))).toBe('invalid_token');
  });
});
