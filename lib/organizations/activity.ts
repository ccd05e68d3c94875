import 'server-only';

import { count, desc, eq } from 'drizzle-orm';
import { z } from 'zod';

import { userMessage } from '@/i18n/user-messages';
import { apiKeyActorNames } from '@/lib/api-keys/actor-names';
import type { Database } from '@/lib/db/connect';
import { activityLog } from '@/lib/db/schema';
import { displayNameOf, type PeopleNames } from '@/lib/display-name';
import { AppError } from '@/lib/errors';
import { LogtoApiError, type ManagementApi } from '@/lib/logto/management-api';

import type { OrganizationAccess } from './access';

// The organization's activity log: who did what, when. Every organization use case writes one
// entry per change (in the same transaction as its own rows, where it has any); this module
// reads them back as sentences, with actor ids resolved to names through the Management API.

export const ACTIVITY_ACTIONS = [
  'organization.created',
  'organization.updated',
  'member.invited',
  'invitation.accepted',
  'invitation.declined',
  'invitation.revoked',
  'invitation.resent',
  'member.role_changed',
  'member.removed',
  'member.left',
  'project.created',
  'project.renamed',
  'project.deleted',
  'api_key.created',
  'api_key.revoked',
] as const;

export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export type ActivityEntry = {
  organizationId: string;
  actorId: string;
  action: ActivityAction;
  target?: string | null;
  metadata?: Record<string, unknown>;
};

/** Writes one entry; pass a transaction to make it part of the change it records. */
export async function recordActivity(db: Pick<Database, 'insert'>, entry: ActivityEntry) {
  await db.insert(activityLog).values({
    organizationId: entry.organizationId,
    actorId: entry.actorId,
    action: entry.action,
    target: entry.target ?? null,
    metadata: entry.metadata ?? {},
  });
}

export type ActivityDto = {
  id: number;
  action: string;
  actor: { id: string; name: string };
  /** What happened, as the rest of a sentence that starts with the actor's name (English). */
  summary: string;
  /** The same, as data for the page to say in the reader's language. */
  target: string | null;
  details: ActivityDetails;
  createdAt: string;
};

export type ActivityPageDto = { items: ActivityDto[]; total: number; page: number; pageCount: number; pageSize: number };

export const ACTIVITY_PAGE_SIZE = 25;

export const activityPageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

export type ActivityDeps = { api: Pick<ManagementApi, 'users'>; db: Database; names: PeopleNames };

/** The activity log of the caller's organization, newest first (`read:members`). */
export async function listActivity(
  deps: ActivityDeps,
  access: Pick<OrganizationAccess, 'organizationId' | 'can'>,
  { page = 1, pageSize = ACTIVITY_PAGE_SIZE }: { page?: number; pageSize?: number } = {},
): Promise<ActivityPageDto> {
  if (!access.can('read:members')) throw new AppError('forbidden', userMessage('roleCannotViewActivity'));
  const { db } = deps;
  const where = eq(activityLog.organizationId, access.organizationId);
  const [totalRow] = await db.select({ value: count() }).from(activityLog).where(where);
  const total = totalRow?.value ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db
    .select()
    .from(activityLog)
    .where(where)
    .orderBy(desc(activityLog.createdAt), desc(activityLog.id))
    .limit(pageSize)
    .offset((current - 1) * pageSize);

  // An API key's requests are recorded with its app id as the actor: those show the key's name.
  const keyNames = await apiKeyActorNames(db, access.organizationId, rows.map((row) => row.actorId), deps.names);
  const userNames = await resolveUserNames(
    deps.api,
    rows.map((row) => row.actorId).filter((id) => !keyNames.has(id)),
    deps.names,
  );
  const names = new Map([...userNames, ...keyNames]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      action: row.action,
      actor: { id: row.actorId, name: names.get(row.actorId) ?? deps.names.unknown },
      summary: describeActivity(row.action, row.actorId, row.target, row.metadata),
      target: row.target,
      details: activityDetails(row.metadata),
      createdAt: row.createdAt.toISOString(),
    })),
    total,
    page: current,
    pageCount,
    pageSize,
  };
}

/** Display names for user ids, one Management API call per distinct id; never throws. */
export async function resolveUserNames(api: Pick<ManagementApi, 'users'>, ids: readonly string[], names: PeopleNames): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const entries = await Promise.all(
    unique.map(async (id): Promise<[string, string]> => {
      try {
        const user = await api.users.get(id);
        return [id, displayNameOf(user) ?? names.unnamed];
      } catch (error) {
        if (error instanceof LogtoApiError && error.status === 404) return [id, names.deleted];
        // The log stays readable when Logto is slow or down; the names come back next time.
        console.warn('[activity] could not resolve a user name:', error instanceof LogtoApiError ? error.code : error);
        return [id, names.unknown];
      }
    }),
  );
  return new Map(entries);
}

const text = z.string().catch('');
const metadataSchema = z
  .object({
    name: text,
    from: z.union([z.string(), z.array(z.string())]).catch(''),
    to: text,
    email: text,
    role: text,
    memberName: text,
    changes: z.array(z.string()).catch([]),
  })
  .partial();

export type ActivityDetails = z.infer<typeof metadataSchema>;

/** An entry's metadata, whatever was stored: unknown or malformed fields become blank. */
export function activityDetails(rawMetadata: unknown): ActivityDetails {
  return metadataSchema.safeParse(rawMetadata ?? {}).data ?? {};
}

const list = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value) || 'no role';
const quoted = (value: string | undefined) => (value ? `“${value}”` : '');

/** One entry as the rest of a sentence ("Alice" + " invited bob@example.com as member"). */
export function describeActivity(action: string, actorId: string, target: string | null, rawMetadata: unknown): string {
  const metadata = activityDetails(rawMetadata);
  const member = metadata.memberName || metadata.email || 'a member';
  switch (action as ActivityAction) {
    case 'organization.created':
      return `created the organization ${quoted(metadata.name)}`.trim();
    case 'organization.updated':
      return metadata.changes?.length ? `changed the organization's ${metadata.changes.join(', ')}` : 'changed the organization settings';
    case 'member.invited':
      return `invited ${metadata.email || 'someone'}${metadata.role ? ` as ${metadata.role}` : ''}`;
    case 'invitation.accepted':
      return `accepted the invitation and joined${metadata.role ? ` as ${metadata.role}` : ''}`;
    case 'invitation.declined':
      return `declined the invitation${metadata.email ? ` for ${metadata.email}` : ''}`;
    case 'invitation.revoked':
      return `revoked the invitation${metadata.email ? ` for ${metadata.email}` : ''}`;
    case 'invitation.resent':
      return `resent the invitation${metadata.email ? ` to ${metadata.email}` : ''}`;
    case 'member.role_changed':
      return target === actorId
        ? `changed their own role from ${list(metadata.from)} to ${metadata.to || 'no role'}`
        : `changed ${member}'s role from ${list(metadata.from)} to ${metadata.to || 'no role'}`;
    case 'member.removed':
      return `removed ${member} from the organization`;
    case 'member.left':
      return 'left the organization';
    case 'project.created':
      return `created the project ${quoted(metadata.name)}`.trim();
    case 'project.renamed':
      return `renamed the project ${quoted(typeof metadata.from === 'string' ? metadata.from : '')} to ${quoted(metadata.to)}`;
    case 'project.deleted':
      return `deleted the project ${quoted(metadata.name)}`.trim();
    case 'api_key.created':
      return `created the API key ${quoted(metadata.name)}${metadata.role ? ` with the ${metadata.role} role` : ''}`.replace('  ', ' ');
    case 'api_key.revoked':
      return `revoked the API key ${quoted(metadata.name)}`.trim();
    default:
      return `did “${action}”`;
  }
}
