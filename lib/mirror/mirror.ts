import 'server-only';

import { and, asc, count, eq, ilike, inArray, notInArray, or, sql } from 'drizzle-orm';

import type { Database } from '@/lib/db/connect';
import {
  mirroredInvitations,
  mirroredMemberships,
  mirroredOrganizationRoles,
  mirroredOrganizations,
  mirroredUsers,
} from '@/lib/db/schema';
import { z } from 'zod';

import {
  invitationSchema,
  LogtoApiError,
  organizationSchema,
  type LogtoInvitation,
  type LogtoMember,
  type LogtoOrganization,
  type LogtoUser,
  type LogtoUserOrganization,
  type ManagementApi,
} from '@/lib/logto/management-api';

import { EVERYONE, forgetCachedRevocations, revokeOrganizationTokens } from './revocations';

// The local mirror of Logto: organizations, memberships with role names, members' display data
// and invitations, in the app database. Pages read it instead of asking Logto; every entry
// carries when it was read from Logto and is read again once older than `ttlMs`, so a missed
// webhook (or a tenant without one) heals by itself. Webhooks and the app's own writes update
// it sooner. Losing authority (leaving, removal, a role taken away, deletion) also writes the
// revocation record that bearer tokens are checked against.

export type MirrorDeps = {
  db: Database;
  /** The plain Management API client (never the write-through one: the mirror fills itself from Logto). */
  api: ManagementApi;
  /** How long an entry is used before it is read from Logto again. */
  ttlMs: number;
  now?: () => number;
};

type RoleRef = { id: string; name: string };

/** What changed in an organization's member list when it was read again. */
export type MembershipDiff = {
  added: string[];
  removed: string[];
  /** Members who lost at least one role (and so possibly scopes). */
  demoted: string[];
};

type Tx = Pick<Database, 'insert' | 'delete' | 'update' | 'select'>;

function brandingOf(organization: Pick<LogtoOrganization, 'branding'>): Record<string, string> {
  const branding: Record<string, string> = {};
  for (const [key, value] of Object.entries(organization.branding)) if (typeof value === 'string') branding[key] = value;
  return branding;
}

/** Organization role name -> its scope names, as Logto has them. */
export type RoleScopes = ReadonlyMap<string, readonly string[]>;

/** How soon a member list with a member who has no role is read again (instead of the TTL). */
export const ROLELESS_RECHECK_MS = 5000;

// The roles are read on every page check: each process keeps them for a second, so a change
// another instance applied is followed within ROLE_CACHE_MS of its commit.
const ROLE_CACHE_MS = 1000;

/** True when some role of `before` grants a scope it no longer grants in `after` (or is gone). */
function rolesLostScopes(before: RoleScopes, after: RoleScopes) {
  for (const [name, scopes] of before) {
    const now = after.get(name);
    if (!now || scopes.some((scope) => !now.includes(scope))) return true;
  }
  return false;
}

const lostARole = (before: readonly RoleRef[], after: readonly RoleRef[]) =>
  before.some((role) => !after.some((next) => next.name === role.name));

export function createMirror({ db, api, ttlMs, now = () => Date.now() }: MirrorDeps) {
  const stamp = () => new Date(now());
  const isFresh = (at: Date | null | undefined) => at != null && now() - at.getTime() < ttlMs;

  /** A transaction whose revocations apply to cached lookups as soon as it commits. */
  async function inTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await db.transaction(fn);
    } finally {
      forgetCachedRevocations();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Writes: from Logto's answers, from webhooks and from the app's own changes.

  async function putOrganization(organization: LogtoOrganization, tx: Tx = db) {
    const values = {
      name: organization.name,
      description: organization.description,
      branding: brandingOf(organization),
      isMfaRequired: organization.isMfaRequired,
      fetchedAt: stamp(),
    };
    await tx
      .insert(mirroredOrganizations)
      .values({ id: organization.id, ...values })
      .onConflictDoUpdate({ target: mirroredOrganizations.id, set: values });
  }

  async function putUsers(users: readonly Pick<LogtoUser, 'id' | 'name' | 'username' | 'primaryEmail' | 'avatar' | 'createdAt'>[], tx: Tx = db) {
    if (users.length === 0) return;
    const fetchedAt = stamp();
    await tx
      .insert(mirroredUsers)
      .values(
        users.map((user) => ({
          id: user.id,
          name: user.name,
          username: user.username,
          primaryEmail: user.primaryEmail,
          avatar: user.avatar,
          createdAt: new Date(user.createdAt),
          isDeleted: false,
          fetchedAt,
        })),
      )
      .onConflictDoUpdate({
        target: mirroredUsers.id,
        set: {
          name: sql`excluded.name`,
          username: sql`excluded.username`,
          primaryEmail: sql`excluded.primary_email`,
          avatar: sql`excluded.avatar`,
          createdAt: sql`excluded.created_at`,
          isDeleted: false,
          fetchedAt,
        },
      });
  }

  async function putMembership(organizationId: string, userId: string, roles: readonly RoleRef[], tx: Tx = db) {
    const values = { roles: [...roles], fetchedAt: stamp() };
    await tx
      .insert(mirroredMemberships)
      .values({ organizationId, userId, ...values })
      .onConflictDoUpdate({ target: [mirroredMemberships.organizationId, mirroredMemberships.userId], set: values });
  }

  /**
   * The organization and everything mirrored for it are gone; every token for it is revoked.
   * Returns who were members here. Idempotent.
   */
  async function removeOrganization(organizationId: string): Promise<string[]> {
    return inTransaction(async (tx) => {
      const members = await tx
        .delete(mirroredMemberships)
        .where(eq(mirroredMemberships.organizationId, organizationId))
        .returning({ userId: mirroredMemberships.userId });
      await tx.delete(mirroredInvitations).where(eq(mirroredInvitations.organizationId, organizationId));
      await tx.delete(mirroredOrganizations).where(eq(mirroredOrganizations.id, organizationId));
      await revokeOrganizationTokens(tx, organizationId, [EVERYONE], stamp());
      return members.map((member) => member.userId);
    });
  }

  /** The user is gone from Logto: their memberships go, their name stays for the activity log. */
  async function removeUser(userId: string): Promise<string[]> {
    return inTransaction(async (tx) => {
      const memberships = await tx
        .delete(mirroredMemberships)
        .where(eq(mirroredMemberships.userId, userId))
        .returning({ organizationId: mirroredMemberships.organizationId });
      const at = stamp();
      for (const { organizationId } of memberships) await revokeOrganizationTokens(tx, organizationId, [userId], at);
      await tx
        .insert(mirroredUsers)
        .values({ id: userId, isDeleted: true, fetchedAt: at, organizationsFetchedAt: at })
        .onConflictDoUpdate({ target: mirroredUsers.id, set: { isDeleted: true, fetchedAt: at, organizationsFetchedAt: at } });
      return memberships.map((row) => row.organizationId);
    });
  }

  /**
   * Reads whether Logto has the user suspended (one call). If so, every organization token the
   * user holds is revoked, in each organization Logto or the mirror lists for them, and true is
   * returned; memberships stay as they are. False for a user who is not suspended or is gone.
   */
  async function refreshSuspension(userId: string): Promise<boolean> {
    let organizationIds: string[];
    try {
      if (!(await api.users.isSuspended(userId))) return false;
      organizationIds = (await api.users.organizations(userId)).map((organization) => organization.id);
    } catch (error) {
      // Deleted: its User.Deleted delivery does the rest.
      if (error instanceof LogtoApiError && error.status === 404) return false;
      throw error;
    }
    await inTransaction(async (tx) => {
      const mirrored = await tx.select({ organizationId: mirroredMemberships.organizationId }).from(mirroredMemberships).where(eq(mirroredMemberships.userId, userId));
      const at = stamp();
      for (const organizationId of new Set([...organizationIds, ...mirrored.map((row) => row.organizationId)])) {
        await revokeOrganizationTokens(tx, organizationId, [userId], at);
      }
    });
    return true;
  }

  /** The member left or was removed (by the app, or as a webhook says). */
  async function removeMembership(organizationId: string, userId: string) {
    await inTransaction(async (tx) => {
      await tx
        .delete(mirroredMemberships)
        .where(and(eq(mirroredMemberships.organizationId, organizationId), eq(mirroredMemberships.userId, userId)));
      await revokeOrganizationTokens(tx, organizationId, [userId], stamp());
    });
  }

  /** The member's roles are now exactly `roles`; losing one revokes their older tokens. */
  async function setMemberRoles(organizationId: string, userId: string, roles: readonly RoleRef[]) {
    await inTransaction((tx) => setMemberRolesIn(tx, organizationId, userId, roles, stamp()));
  }

  /**
   * Replaces the organization's member list with Logto's, and says who came, went or lost a
   * role. Those who went or lost a role get a revocation entry in the same transaction.
   */
  async function replaceMembers(organizationId: string, members: readonly LogtoMember[]): Promise<MembershipDiff> {
    return inTransaction(async (tx) => {
      const existing = await tx
        .select({ userId: mirroredMemberships.userId, roles: mirroredMemberships.roles })
        .from(mirroredMemberships)
        .where(eq(mirroredMemberships.organizationId, organizationId));
      const before = new Map(existing.map((row) => [row.userId, row.roles]));
      const ids = members.map((member) => member.id);
      const diff: MembershipDiff = { added: [], removed: [], demoted: [] };
      for (const row of existing) if (!ids.includes(row.userId)) diff.removed.push(row.userId);
      for (const member of members) {
        const previous = before.get(member.id);
        if (!previous) diff.added.push(member.id);
        else if (lostARole(previous, member.organizationRoles)) diff.demoted.push(member.id);
      }

      await tx
        .delete(mirroredMemberships)
        .where(
          ids.length > 0
            ? and(eq(mirroredMemberships.organizationId, organizationId), notInArray(mirroredMemberships.userId, ids))
            : eq(mirroredMemberships.organizationId, organizationId),
        );
      await putUsers(members, tx);
      for (const member of members) await putMembership(organizationId, member.id, member.organizationRoles, tx);
      // A member without a role is usually being added in two steps (add, then assign a role:
      // the Console does that, and the assignment sends no event): read the list again soon.
      const fetchedAt = members.some((member) => member.organizationRoles.length === 0)
        ? new Date(now() - Math.max(0, ttlMs - ROLELESS_RECHECK_MS))
        : stamp();
      await tx.update(mirroredOrganizations).set({ membersFetchedAt: fetchedAt }).where(eq(mirroredOrganizations.id, organizationId));
      await revokeOrganizationTokens(tx, organizationId, [...diff.removed, ...diff.demoted], stamp());
      return diff;
    });
  }

  /** Replaces the user's organizations (and those organizations' data) with Logto's list. */
  async function replaceUserOrganizations(userId: string, organizations: readonly LogtoUserOrganization[]) {
    await inTransaction(async (tx) => {
      const ids = organizations.map((organization) => organization.id);
      const gone = await tx
        .delete(mirroredMemberships)
        .where(
          ids.length > 0
            ? and(eq(mirroredMemberships.userId, userId), notInArray(mirroredMemberships.organizationId, ids))
            : eq(mirroredMemberships.userId, userId),
        )
        .returning({ organizationId: mirroredMemberships.organizationId });
      const at = stamp();
      for (const { organizationId } of gone) await revokeOrganizationTokens(tx, organizationId, [userId], at);
      for (const organization of organizations) {
        await putOrganization(organization, tx);
        await setMemberRolesIn(tx, organization.id, userId, organization.organizationRoles, at);
      }
      await tx
        .insert(mirroredUsers)
        // Display data unknown here: fetchedAt at the epoch marks it stale.
        .values({ id: userId, fetchedAt: new Date(0), organizationsFetchedAt: at })
        .onConflictDoUpdate({ target: mirroredUsers.id, set: { organizationsFetchedAt: at } });
    });
  }

  async function setMemberRolesIn(tx: Tx, organizationId: string, userId: string, roles: readonly RoleRef[], at: Date) {
    const [before] = await tx
      .select({ roles: mirroredMemberships.roles })
      .from(mirroredMemberships)
      .where(and(eq(mirroredMemberships.organizationId, organizationId), eq(mirroredMemberships.userId, userId)));
    await putMembership(organizationId, userId, roles, tx);
    if (before && lostARole(before.roles, roles)) await revokeOrganizationTokens(tx, organizationId, [userId], at);
  }

  async function replaceInvitations(organizationId: string, invitations: readonly LogtoInvitation[]) {
    await inTransaction(async (tx) => {
      await tx.delete(mirroredInvitations).where(eq(mirroredInvitations.organizationId, organizationId));
      if (invitations.length > 0) {
        await tx
          .insert(mirroredInvitations)
          .values(invitations.map((invitation) => ({ id: invitation.id, organizationId, data: invitation })))
          .onConflictDoNothing();
      }
      await tx.update(mirroredOrganizations).set({ invitationsFetchedAt: stamp() }).where(eq(mirroredOrganizations.id, organizationId));
    });
  }

  async function putInvitation(invitation: LogtoInvitation) {
    await db
      .insert(mirroredInvitations)
      .values({ id: invitation.id, organizationId: invitation.organizationId, data: invitation })
      .onConflictDoUpdate({ target: mirroredInvitations.id, set: { data: invitation } });
  }

  async function removeInvitation(invitationId: string) {
    await db.delete(mirroredInvitations).where(eq(mirroredInvitations.id, invitationId));
  }

  /** Marks what must be read from Logto again on next use (after a change the app can't mirror exactly). */
  async function invalidate(target: { organizationMembers?: string; userOrganizations?: string }) {
    if (target.organizationMembers) {
      await db.update(mirroredOrganizations).set({ membersFetchedAt: null }).where(eq(mirroredOrganizations.id, target.organizationMembers));
    }
    if (target.userOrganizations) {
      await db.update(mirroredUsers).set({ organizationsFetchedAt: null }).where(eq(mirroredUsers.id, target.userOrganizations));
    }
  }

  // ---------------------------------------------------------------------------------------
  // Refreshes: read from Logto now (webhooks, expiry, `npm run logto:sync`).

  /** Reads the organization from Logto again; null (and its rows removed) when Logto has no such organization. */
  async function refreshOrganization(organizationId: string): Promise<LogtoOrganization | null> {
    try {
      const organization = await api.organizations.get(organizationId);
      await putOrganization(organization);
      return organization;
    } catch (error) {
      if (error instanceof LogtoApiError && error.status === 404) {
        await removeOrganization(organizationId);
        return null;
      }
      throw error;
    }
  }

  /** Lists hang off the organization's row (their fetched-at times live there): make sure it exists. */
  async function ensureOrganizationRow(organizationId: string) {
    if (!(await organizationRow(organizationId))) await refreshOrganization(organizationId);
  }

  // One member-list read per organization at a time in this process, so an older read never
  // lands after a newer one.
  const memberRefreshes = new Map<string, Promise<MembershipDiff>>();

  /** Reads the organization's members from Logto again and applies the difference. */
  function refreshMembers(organizationId: string): Promise<MembershipDiff> {
    const previous = memberRefreshes.get(organizationId) ?? Promise.resolve(undefined);
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        await ensureOrganizationRow(organizationId);
        return replaceMembers(organizationId, await api.organizations.listAllMembers(organizationId));
      });
    memberRefreshes.set(organizationId, next);
    void next.finally(() => {
      if (memberRefreshes.get(organizationId) === next) memberRefreshes.delete(organizationId);
    }).catch(() => undefined);
    return next;
  }

  /** Reads a user's display data from Logto again (a deleted user is marked so). */
  async function refreshUser(userId: string) {
    await users([userId], { refresh: true });
  }

  /**
   * Reads one member's roles from Logto now (one call) and records them; null, and the
   * membership removed here, when they are not a member (Logto: 422 require_membership, or
   * 404 for an unknown user or organization).
   */
  async function refreshMembership(organizationId: string, userId: string): Promise<RoleRef[] | null> {
    let roles: RoleRef[];
    try {
      roles = (await api.organizations.getUserRoles(organizationId, userId)).map(({ id, name }) => ({ id, name }));
    } catch (error) {
      if (error instanceof LogtoApiError && (error.status === 404 || error.code === 'organization.require_membership')) {
        await removeMembership(organizationId, userId);
        return null;
      }
      throw error;
    }
    await setMemberRoles(organizationId, userId, roles);
    return roles;
  }

  async function refreshUserOrganizations(userId: string) {
    await replaceUserOrganizations(userId, await api.users.organizations(userId));
  }

  async function refreshInvitations(organizationId: string) {
    await ensureOrganizationRow(organizationId);
    await replaceInvitations(organizationId, await api.invitations.list({ organizationId }));
  }

  async function listAllOrganizations(): Promise<LogtoOrganization[]> {
    const all = new Map<string, LogtoOrganization>();
    for (let page = 1; ; page += 1) {
      const { data } = await api.request('GET', '/organizations', { query: { page, page_size: 100 }, schema: z.array(organizationSchema) });
      const known = all.size;
      for (const organization of data) all.set(organization.id, organization);
      if (data.length < 100 || all.size === known) return [...all.values()];
    }
  }

  let cachedRoles: { roles: RoleScopes; until: number } | undefined;
  let latestRoleRead: Promise<RoleScopes> | undefined;

  async function mirroredRoles(tx: Tx = db): Promise<RoleScopes> {
    const rows = await tx.select({ name: mirroredOrganizationRoles.name, scopes: mirroredOrganizationRoles.scopes }).from(mirroredOrganizationRoles);
    return new Map(rows.map((row) => [row.name, row.scopes]));
  }

  async function readRolesFromLogto(): Promise<RoleScopes> {
    const listed = await api.organizationRoles.listAll();
    const roles: RoleScopes = new Map(listed.map((role) => [role.name, (role.scopes ?? []).map((scope) => scope.name)]));
    const fetchedAt = stamp();
    const lostScopes = await inTransaction(async (tx) => {
      const before = await mirroredRoles(tx);
      if (roles.size > 0) {
        await tx
          .insert(mirroredOrganizationRoles)
          .values([...roles].map(([name, scopes]) => ({ name, scopes: [...scopes], fetchedAt })))
          .onConflictDoUpdate({ target: mirroredOrganizationRoles.name, set: { scopes: sql`excluded.scopes`, fetchedAt } });
      }
      await tx.delete(mirroredOrganizationRoles).where(roles.size > 0 ? notInArray(mirroredOrganizationRoles.name, [...roles.keys()]) : undefined);
      // A role that grants less than before: tokens issued until now may carry what it no
      // longer grants (Logto keeps honouring them until they expire); the app refuses them all,
      // and their holders get new ones with the scopes Logto grants now.
      const lost = before.size > 0 && rolesLostScopes(before, roles);
      if (lost) await revokeOrganizationTokens(tx, EVERYONE, [EVERYONE], fetchedAt);
      return lost;
    });
    if (lostScopes) console.info('[mirror] an organization role lost scopes in Logto: organization tokens issued before now are refused');
    cachedRoles = { roles, until: now() + ROLE_CACHE_MS };
    return roles;
  }

  /**
   * Reads the organization roles and their scopes from Logto again (after a webhook, or once
   * expired). Reads run one after another, so an older answer never lands after a newer one;
   * `joinRunning` lets a reader that only found the copy expired share a read already under way.
   */
  function refreshRoles({ joinRunning = false } = {}): Promise<RoleScopes> {
    if (joinRunning && latestRoleRead) return latestRoleRead;
    const next = (latestRoleRead ?? Promise.resolve(undefined)).catch(() => undefined).then(readRolesFromLogto);
    latestRoleRead = next;
    void next
      .finally(() => {
        if (latestRoleRead === next) latestRoleRead = undefined;
      })
      .catch(() => undefined);
    return next;
  }

  /** Every organization role's scope names as Logto has them, from the mirror (read through when expired). */
  async function roleScopes(): Promise<RoleScopes> {
    if (cachedRoles && cachedRoles.until > now()) return cachedRoles.roles;
    const rows = await db.select().from(mirroredOrganizationRoles);
    // Empty: never read yet (a fresh database). Logto always has the template's roles.
    if (rows.length === 0 || rows.some((row) => !isFresh(row.fetchedAt))) return refreshRoles({ joinRunning: true });
    const roles: RoleScopes = new Map(rows.map((row) => [row.name, row.scopes]));
    cachedRoles = { roles, until: now() + ROLE_CACHE_MS };
    return roles;
  }

  /**
   * Reads the organization roles, then every organization with its members and invitations,
   * from Logto again and drops what Logto no longer has (`npm run logto:sync`). Every mirrored
   * user's organization list is then complete, so it is marked fresh too.
   */
  async function rebuild() {
    await refreshRoles();
    const organizations = await listAllOrganizations();
    const ids = new Set(organizations.map((organization) => organization.id));
    const known = await db.select({ id: mirroredOrganizations.id }).from(mirroredOrganizations);
    const gone = known.filter((row) => !ids.has(row.id)).map((row) => row.id);
    for (const organizationId of gone) await removeOrganization(organizationId);
    for (const organization of organizations) {
      await putOrganization(organization);
      await refreshMembers(organization.id);
      await refreshInvitations(organization.id);
    }
    await db.update(mirroredUsers).set({ organizationsFetchedAt: stamp() });
    const [memberships] = await db.select({ value: count() }).from(mirroredMemberships);
    return { organizations: organizations.length, memberships: memberships?.value ?? 0, removed: gone.length };
  }

  // ---------------------------------------------------------------------------------------
  // Reads: from the mirror, read through to Logto when missing or expired.

  async function organizationRow(organizationId: string) {
    const [row] = await db.select().from(mirroredOrganizations).where(eq(mirroredOrganizations.id, organizationId));
    return row;
  }

  const toOrganization = (row: typeof mirroredOrganizations.$inferSelect): LogtoOrganization => ({
    id: row.id,
    name: row.name,
    description: row.description,
    customData: {},
    isMfaRequired: row.isMfaRequired,
    branding: row.branding,
    createdAt: 0,
  });

  /** The organization, or null when Logto has none with this id. */
  async function organization(organizationId: string): Promise<LogtoOrganization | null> {
    const row = await organizationRow(organizationId);
    if (row && isFresh(row.fetchedAt)) return toOrganization(row);
    return refreshOrganization(organizationId);
  }

  /** The user's organizations with their roles in each (what the switcher and dashboard show). */
  async function userOrganizations(userId: string): Promise<LogtoUserOrganization[]> {
    const [user] = await db.select({ at: mirroredUsers.organizationsFetchedAt }).from(mirroredUsers).where(eq(mirroredUsers.id, userId));
    if (!isFresh(user?.at)) await refreshUserOrganizations(userId);
    const rows = await db
      .select({ organization: mirroredOrganizations, roles: mirroredMemberships.roles })
      .from(mirroredMemberships)
      .innerJoin(mirroredOrganizations, eq(mirroredOrganizations.id, mirroredMemberships.organizationId))
      .where(eq(mirroredMemberships.userId, userId));
    return rows.map((row) => ({ ...toOrganization(row.organization), organizationRoles: row.roles }));
  }

  async function ensureMembers(organizationId: string) {
    const row = await organizationRow(organizationId);
    if (!isFresh(row?.membersFetchedAt)) await refreshMembers(organizationId);
  }

  /** A page of members, optionally filtered by `q` (name, username, e-mail or id, case-insensitive). */
  async function members(organizationId: string, query: { q?: string; page: number; pageSize: number }) {
    await ensureMembers(organizationId);
    const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%` : undefined;
    const where = and(
      eq(mirroredMemberships.organizationId, organizationId),
      pattern
        ? or(
            ilike(mirroredUsers.name, pattern),
            ilike(mirroredUsers.username, pattern),
            ilike(mirroredUsers.primaryEmail, pattern),
            ilike(mirroredMemberships.userId, pattern),
          )
        : undefined,
    );
    const from = () =>
      db.select().from(mirroredMemberships).leftJoin(mirroredUsers, eq(mirroredUsers.id, mirroredMemberships.userId)).where(where).$dynamic();
    const [rows, [total]] = await Promise.all([
      from()
        .orderBy(
          asc(sql`lower(coalesce(${mirroredUsers.name}, ${mirroredUsers.username}, ${mirroredUsers.primaryEmail}, ${mirroredMemberships.userId}))`),
          asc(mirroredMemberships.userId),
        )
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db
        .select({ value: count() })
        .from(mirroredMemberships)
        .leftJoin(mirroredUsers, eq(mirroredUsers.id, mirroredMemberships.userId))
        .where(where),
    ]);
    const items: LogtoMember[] = rows.map(({ mirrored_memberships: membership, mirrored_users: user }) => ({
      id: membership.userId,
      username: user?.username ?? null,
      primaryEmail: user?.primaryEmail ?? null,
      name: user?.name ?? null,
      avatar: user?.avatar ?? null,
      createdAt: user?.createdAt?.getTime() ?? 0,
      organizationRoles: membership.roles,
    }));
    return { items, total: total?.value ?? 0 };
  }

  /** Users' display data; a user Logto no longer has is `deleted`. Missing or expired entries are read from Logto. */
  async function users(userIds: readonly string[], { refresh = false } = {}): Promise<Map<string, LogtoUser | 'deleted'>> {
    const unique = [...new Set(userIds)];
    const result = new Map<string, LogtoUser | 'deleted'>();
    if (unique.length === 0) return result;
    const rows = refresh ? [] : await db.select().from(mirroredUsers).where(inArray(mirroredUsers.id, unique));
    for (const row of rows) {
      if (!isFresh(row.fetchedAt)) continue;
      result.set(
        row.id,
        row.isDeleted
          ? 'deleted'
          : { id: row.id, name: row.name, username: row.username, primaryEmail: row.primaryEmail, avatar: row.avatar, createdAt: row.createdAt?.getTime() ?? 0 },
      );
    }
    const missing = unique.filter((id) => !result.has(id));
    await Promise.all(
      missing.map(async (id) => {
        try {
          const user = await api.users.get(id);
          await putUsers([user]);
          result.set(id, user);
        } catch (error) {
          if (!(error instanceof LogtoApiError && error.status === 404)) throw error;
          const at = stamp();
          await db
            .insert(mirroredUsers)
            .values({ id, isDeleted: true, fetchedAt: at })
            .onConflictDoUpdate({ target: mirroredUsers.id, set: { isDeleted: true, fetchedAt: at } });
          result.set(id, 'deleted');
        }
      }),
    );
    return result;
  }

  /** The organization's invitations as Logto lists them. */
  async function invitations(organizationId: string): Promise<LogtoInvitation[]> {
    const row = await organizationRow(organizationId);
    if (!isFresh(row?.invitationsFetchedAt)) await refreshInvitations(organizationId);
    const rows = await db.select({ data: mirroredInvitations.data }).from(mirroredInvitations).where(eq(mirroredInvitations.organizationId, organizationId));
    return rows.flatMap((row) => {
      const parsed = invitationSchema.safeParse(row.data);
      return parsed.success ? [parsed.data] : [];
    });
  }

  return {
    ttlMs,
    // reads
    organization,
    userOrganizations,
    members,
    users,
    invitations,
    roleScopes,
    // refreshes
    refreshOrganization,
    refreshRoles,
    refreshMembers,
    refreshMembership,
    refreshUser,
    refreshUserOrganizations,
    refreshInvitations,
    rebuild,
    // writes
    putOrganization,
    putUsers,
    putInvitation,
    removeInvitation,
    removeOrganization,
    removeUser,
    refreshSuspension,
    removeMembership,
    setMemberRoles,
    invalidate,
  };
}

export type Mirror = ReturnType<typeof createMirror>;
