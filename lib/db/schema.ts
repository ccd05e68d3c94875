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
  },
  (table) => [index('sessions_user_idx').on(table.userId), index('sessions_expires_idx').on(table.expiresAt)],
);
