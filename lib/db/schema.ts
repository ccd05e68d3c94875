import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

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
