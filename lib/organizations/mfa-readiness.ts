import 'server-only';

import { userMessage } from '@/i18n/user-messages';
import { displayNameOf } from '@/lib/display-name';
import type { ManagementApi } from '@/lib/logto/management-api';

import { forbidden, type AdminAccess } from './use-case';

// Who would be locked out if the organization required two-step verification (MFA): its
// members without an MFA factor, read from Logto's `GET /users/:id/mfa-verifications`, one
// call per member. The number of calls is bounded: the member list comes from `api` (the
// mirror on pages: no call), at most `limit` members are checked per view, `concurrency` calls
// at a time, and each answer is remembered for `cacheTtlMs` per process.

export const MFA_READINESS_DEFAULTS: { limit: number; concurrency: number; cacheTtlMs: number } = { limit: 100, concurrency: 4, cacheTtlMs: 60_000 };
const PAGE_SIZE = 100;
const CACHE_MAX_ENTRIES = 10_000;

/** `name` is null for a member with no name, username or e-mail. */
export type MemberWithoutMfa = { id: string; name: string | null; email: string | null; isYou: boolean };

export type MfaReadiness = {
  /** Members of the organization. */
  totalMembers: number;
  /** Members whose factors were read (all of them, unless there are more than `limit`). */
  checked: number;
  /** Among those checked, the members without any MFA factor, in member-list order. */
  withoutMfa: MemberWithoutMfa[];
};

/** Per-process memory of "has this user any MFA factor", so settings views don't repeat the calls. */
export function createMfaStatusCache({ ttlMs = MFA_READINESS_DEFAULTS.cacheTtlMs, now = Date.now } = {}) {
  const entries = new Map<string, { hasMfa: boolean; expiresAt: number }>();
  return {
    get(userId: string): boolean | undefined {
      const entry = entries.get(userId);
      if (!entry || entry.expiresAt <= now()) return undefined;
      return entry.hasMfa;
    },
    set(userId: string, hasMfa: boolean) {
      // Oldest first out: a Map iterates in insertion order.
      if (entries.size >= CACHE_MAX_ENTRIES) entries.delete(entries.keys().next().value ?? '');
      entries.delete(userId);
      entries.set(userId, { hasMfa, expiresAt: now() + ttlMs });
    },
  };
}

export type MfaStatusCache = ReturnType<typeof createMfaStatusCache>;

const sharedCache = createMfaStatusCache();

/** Runs `work` over `items`, at most `concurrency` at a time. */
async function mapBounded<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** For owners about to require MFA (`manage:organization`): who has none yet. */
export async function getMfaReadiness(
  deps: { api: Pick<ManagementApi, 'organizations' | 'users'>; cache?: MfaStatusCache },
  access: AdminAccess,
  options: { limit?: number; concurrency?: number } = {},
): Promise<MfaReadiness> {
  if (!access.can('manage:organization')) throw forbidden(userMessage('roleCannotChangeSettings'));
  const { api, cache = sharedCache } = deps;
  const { limit = MFA_READINESS_DEFAULTS.limit, concurrency = MFA_READINESS_DEFAULTS.concurrency } = options;

  const members = [];
  let totalMembers = 0;
  for (let page = 1; members.length < limit; page += 1) {
    const { items, total } = await api.organizations.listMembers(access.organizationId, { page, pageSize: PAGE_SIZE });
    totalMembers = total;
    members.push(...items);
    if (items.length < PAGE_SIZE || page * PAGE_SIZE >= total) break;
  }
  const toCheck = members.slice(0, limit);
  totalMembers = Math.max(totalMembers, members.length);

  const hasMfa = await mapBounded(toCheck, concurrency, async (member) => {
    const known = cache.get(member.id);
    if (known !== undefined) return known;
    const factors = await api.users.mfaVerifications(member.id);
    cache.set(member.id, factors.length > 0);
    return factors.length > 0;
  });

  return {
    totalMembers,
    checked: toCheck.length,
    withoutMfa: toCheck
      .filter((_member, index) => !hasMfa[index])
      .map((member) => ({
        id: member.id,
        name: displayNameOf(member),
        email: member.primaryEmail,
        isYou: member.id === access.user.id,
      })),
  };
}
