import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Who did what in an organization, newest first. Written by every organization use case. */
export const activityLog = pgTable(
  'activity_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: text('organization_id').notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('activity_log_organization_created_idx').on(table.organizationId, table.createdAt.desc())],
);

/**
 * Server-side sessions of @logto/next (its sessionWrapper): the cookie carries only a random id.
 * `id` is the SHA-256 of that id, so a copy of this table holds no usable cookie; `data` is
 * encrypted with LOGTO_COOKIE_SECRET, so it holds no usable refresh token either.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id'),
    data: text('data').notNull(),
    // A short lease so that one request at a time spends the refresh token (see session-store.ts).
    refreshLockedUntil: timestamp('refresh_locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    // For the sessions page: which browser, and roughly when it was last used (written at most
    // every few minutes, see `touch` in session-store.ts).
    userAgent: text('user_agent'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('sessions_user_idx').on(table.userId), index('sessions_expires_idx').on(table.expiresAt)],
);

/**
 * One row per "create organization" form submission (its idempotency key): a double submit or
 * a retried request finds the row and lands on the same organization instead of making another.
 */
export const organizationCreations = pgTable(
  'organization_creations',
  {
    idempotencyKey: text('idempotency_key').primaryKey(),
    userId: text('user_id').notNull(),
    status: text('status', { enum: ['pending', 'succeeded'] }).notNull(),
    organizationId: text('organization_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('organization_creations_user_idx').on(table.userId)],
);

/** The sample organization-scoped resource. Every query filters on organization_id. */
export const projects = pgTable(
  'projects',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('projects_organization_created_idx').on(table.organizationId, table.createdAt.desc(), table.id.desc())],
);

// ---------------------------------------------------------------------------------------------
// The local mirror of Logto (lib/mirror): what pages need from Logto, kept here so a page view
// makes no call to Logto. Every entry carries when it was read; entries older than
// LOGTO_MIRROR_TTL_SECONDS are read from Logto again on use, webhooks refresh them sooner.

/** Organizations as pages show them. */
export const mirroredOrganizations = pgTable('mirrored_organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  branding: jsonb('branding').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  isMfaRequired: boolean('is_mfa_required').notNull().default(false),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
  /** When the whole member list was last read from Logto; null: never, or invalidated. */
  membersFetchedAt: timestamp('members_fetched_at', { withTimezone: true }),
  /** When the organization's invitations were last read from Logto; null: never, or invalidated. */
  invitationsFetchedAt: timestamp('invitations_fetched_at', { withTimezone: true }),
});

/** Who belongs to which organization, with their organization role names. */
export const mirroredMemberships = pgTable(
  'mirrored_memberships',
  {
    organizationId: text('organization_id').notNull(),
    userId: text('user_id').notNull(),
    /** Logto's organization roles of the member, `{ id, name }` as Logto lists them. */
    roles: jsonb('roles').$type<{ id: string; name: string }[]>().notNull().default(sql`'[]'::jsonb`),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.userId] }), index('mirrored_memberships_user_idx').on(table.userId)],
);

/** Display data of users (members, activity actors). */
export const mirroredUsers = pgTable('mirrored_users', {
  id: text('id').primaryKey(),
  name: text('name'),
  username: text('username'),
  primaryEmail: text('primary_email'),
  avatar: text('avatar'),
  createdAt: timestamp('created_at', { withTimezone: true }),
  /** Logto answered 404: the user is gone; kept so the activity log names them without asking again. */
  isDeleted: boolean('is_deleted').notNull().default(false),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
  /** When the user's organization list was last read from Logto; null: never, or invalidated. */
  organizationsFetchedAt: timestamp('organizations_fetched_at', { withTimezone: true }),
});

/** Invitations of an organization (the members page lists the pending ones). */
export const mirroredInvitations = pgTable(
  'mirrored_invitations',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull(),
    /** The invitation as Logto answered it (status, invitee, roles, dates). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  (table) => [index('mirrored_invitations_organization_idx').on(table.organizationId)],
);

/**
 * The organization template's roles as Logto has them, with their scope names: pages decide
 * what a role may do from this, so a role or scope changed in the Console is followed.
 */
export const mirroredOrganizationRoles = pgTable('mirrored_organization_roles', {
  name: text('name').primaryKey(),
  scopes: jsonb('scopes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
});

/**
 * The revocation record for organization tokens: a token for `organizationId` whose subject is
 * `userId` ('*': everyone) and that was issued before `revokedAt` is refused. Written when a
 * member leaves, is removed or loses a scope, and when an organization or a user is deleted.
 */
export const organizationTokenRevocations = pgTable(
  'organization_token_revocations',
  {
    organizationId: text('organization_id').notNull(),
    userId: text('user_id').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.userId] })],
);

/**
 * Logto webhook deliveries, one row per distinct signed body (`id` is its SHA-256): Logto sends
 * no delivery id and resends the same body when it retries, so a retry finds its row and has
 * no second effect. The body is kept until processed, so a failed delivery can be retried.
 */
export const logtoWebhookDeliveries = pgTable(
  'logto_webhook_deliveries',
  {
    id: text('id').primaryKey(),
    event: text('event').notNull(),
    body: text('body'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (table) => [index('logto_webhook_deliveries_pending_idx').on(table.processedAt, table.receivedAt)],
);

/**
 * Rate-limit counters shared by every app instance (lib/rate-limit): one row per limited key
 * (e.g. one organization's invitations), a sliding window kept as this window's and the previous
 * window's counts. Rows expire two windows after their last use and are swept.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
    previousCount: integer('previous_count').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('rate_limits_expires_idx').on(table.expiresAt)],
);

/**
 * Organization API keys (lib/api-keys): each is a Logto machine-to-machine app in one
 * organization. The secret lives only in Logto (shown once at creation); this row records what
 * the keys page lists. Revoked keys keep their row (`revokedAt`), so the activity log still names
 * them; `applicationId` is null only while a key is being created.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull(),
    applicationId: text('application_id'),
    name: text('name').notNull(),
    role: text('role', { enum: ['member', 'viewer'] }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the app last accepted one of its tokens (written at most once a minute per instance). */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [
    index('api_keys_organization_idx').on(table.organizationId, table.createdAt.desc()),
    uniqueIndex('api_keys_application_idx').on(table.applicationId),
  ],
);

/**
 * E-mail domains organizations of this app use for just-in-time membership (Logto keeps the
 * lists; lib/organizations/jit.ts). The primary key lets one organization at a time claim a
 * domain, so a domain never puts new people into two organizations of this app.
 */
export const jitEmailDomainClaims = pgTable(
  'jit_email_domain_claims',
  {
    emailDomain: text('email_domain').primaryKey(),
    organizationId: text('organization_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('jit_email_domain_claims_organization_idx').on(table.organizationId)],
);
