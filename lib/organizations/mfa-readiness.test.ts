import { describe, expect, it } from 'vitest';

import type { LogtoMember, ManagementApi } from '@/lib/logto/management-api';
import { useLocalLogto } from '@/tests/support/local-logto';
import { accessFor, organizationFixtures } from '@/tests/support/organization-fixtures';

import { createMfaStatusCache, getMfaReadiness } from './mfa-readiness';

function member(index: number): LogtoMember {
  return {
    id: `user${index}`,
    username: `user${index}`,
    primaryEmail: `user${index}@example.com`,
    name: null,
    avatar: null,
    createdAt: 0,
    organizationRoles: [],
  };
}

/** An organization of `size` members, where every third has a factor; counts the calls. */
function fakeApi(size: number) {
  const members = Array.from({ length: size }, (_value, index) => member(index));
  const calls = { listMembers: 0, mfaVerifications: 0, inFlight: 0, maxInFlight: 0 };
  const api = {
    organizations: {
      listMembers: async (_organizationId: string, { page, pageSize }: { page: number; pageSize: number }) => {
        calls.listMembers += 1;
        return { items: members.slice((page - 1) * pageSize, page * pageSize), total: members.length };
      },
    },
    users: {
      mfaVerifications: async (userId: string) => {
        calls.mfaVerifications += 1;
        calls.inFlight += 1;
        calls.maxInFlight = Math.max(calls.maxInFlight, calls.inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        calls.inFlight -= 1;
        return Number(userId.slice(4)) % 3 === 0 ? [{ id: 'f', type: 'Totp', createdAt: '2026-01-01T00:00:00.000Z' }] : [];
      },
    },
  } as unknown as Pick<ManagementApi, 'organizations' | 'users'>;
  return { api, calls };
}

describe('getMfaReadiness', () => {
  const owner = { id: 'user1' };

  it('lists the members without a factor and marks the caller', async () => {
    const { api } = fakeApi(5);
    const readiness = await getMfaReadiness({ api, cache: createMfaStatusCache() }, accessFor(owner, 'org', 'owner'));
    expect(readiness).toEqual({
      totalMembers: 5,
      checked: 5,
      withoutMfa: [
        { id: 'user1', name: 'user1', email: 'user1@example.com', isYou: true },
        { id: 'user2', name: 'user2', email: 'user2@example.com', isYou: false },
        { id: 'user4', name: 'user4', email: 'user4@example.com', isYou: false },
      ],
    });
  });

  it('bounds the Logto calls for a large organization: the limit, the concurrency and the cache', async () => {
    const { api, calls } = fakeApi(1_000);
    const cache = createMfaStatusCache();
    const readiness = await getMfaReadiness({ api, cache }, accessFor(owner, 'org', 'owner'), { limit: 150, concurrency: 3 });
    expect(readiness.totalMembers).toBe(1_000);
    expect(readiness.checked).toBe(150);
    expect(readiness.withoutMfa).toHaveLength(100);
    expect(calls).toMatchObject({ listMembers: 2, mfaVerifications: 150, maxInFlight: 3 });

    await getMfaReadiness({ api, cache }, accessFor(owner, 'org', 'owner'), { limit: 150, concurrency: 3 });
    expect(calls.mfaVerifications).toBe(150);
  });

  it('asks Logto again once a cached answer is older than its lifetime', async () => {
    let now = 0;
    const cache = createMfaStatusCache({ ttlMs: 1_000, now: () => now });
    const { api, calls } = fakeApi(2);
    await getMfaReadiness({ api, cache }, accessFor(owner, 'org', 'owner'));
    now = 1_000;
    await getMfaReadiness({ api, cache }, accessFor(owner, 'org', 'owner'));
    expect(calls.mfaVerifications).toBe(4);
  });

  it.each(['member', 'viewer', null] as const)('is refused to a caller with role %s', async (role) => {
    const { api, calls } = fakeApi(2);
    await expect(getMfaReadiness({ api, cache: createMfaStatusCache() }, accessFor(owner, 'org', role))).rejects.toMatchObject({ code: 'forbidden' });
    expect(calls.listMembers + calls.mfaVerifications).toBe(0);
  });
});

const logto = useLocalLogto();

describe('getMfaReadiness against the local Logto', () => {
  it('reads each member\'s factors from the Management API', async () => {
    const fx = organizationFixtures(logto().endpoint);
    const [owner, enrolled, bare] = await Promise.all([fx.user('Owner'), fx.user('Enrolled'), fx.user('Bare')]);
    const organizationId = await fx.organization([
      [owner, 'owner'],
      [enrolled, 'member'],
      [bare, 'viewer'],
    ]);
    await fx.api.request('POST', `/users/${enrolled.id}/mfa-verifications`, { body: { type: 'Totp' } });

    const readiness = await getMfaReadiness({ api: fx.api, cache: createMfaStatusCache() }, accessFor(owner, organizationId, 'owner'));
    expect(readiness.totalMembers).toBe(3);
    expect(readiness.withoutMfa.map((entry) => [entry.name, entry.isYou]).sort()).toEqual([
      [bare.name, false],
      [owner.name, true],
    ]);
  });
});
