// Every rate limit of the app, in one place. The numbers come from lib/env.ts (RATE_LIMIT_*
// variables, documented in the README); 0 turns a limit off.
import type { Env } from '@/lib/env';

export type RateLimitPolicy = {
  /** Stable name: part of the stored key and of the RateLimit-Policy header. */
  name: string;
  /** How many requests (or items, e.g. invitations) one key may spend per window; 0: no limit. */
  limit: number;
  windowSeconds: number;
  /** What was limited, for the message a user sees ("Too many …"): a choice of errors.rateLimited. */
  what: 'apiRequests' | 'invitationsFromOrganization' | 'invitationsFromYou' | 'newOrganizations' | 'signInAttempts';
};

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function rateLimitPolicies(limits: Env['rateLimits']) {
  return {
    /** Org-scoped API requests, per token subject and organization. */
    api: { name: 'api', limit: limits.apiPerMinute, windowSeconds: MINUTE, what: 'apiRequests' },
    /** Invitations sent for one organization, whoever sends them. */
    invitationsPerOrganization: {
      name: 'invitations-organization',
      limit: limits.invitationsPerOrganizationPerDay,
      windowSeconds: DAY,
      what: 'invitationsFromOrganization',
    },
    /** Invitations sent by one member, across organizations. */
    invitationsPerInviter: {
      name: 'invitations-inviter',
      limit: limits.invitationsPerInviterPerHour,
      windowSeconds: HOUR,
      what: 'invitationsFromYou',
    },
    /** Organizations one user creates (on top of MAX_ORGANIZATIONS_PER_USER, which caps how many they own). */
    organizationCreations: {
      name: 'organization-creations',
      limit: limits.organizationsPerUserPerHour,
      windowSeconds: HOUR,
      what: 'newOrganizations',
    },
    /** Sign-in and sign-up starts per client address (each one redirects to Logto and records a short-lived session). */
    signInStarts: {
      name: 'sign-in',
      limit: limits.signInPerAddressPerMinute,
      windowSeconds: MINUTE,
      what: 'signInAttempts',
    },
  } satisfies Record<string, RateLimitPolicy>;
}

export type RateLimitPolicies = ReturnType<typeof rateLimitPolicies>;
