import 'server-only';

import { randomBytes } from 'node:crypto';

import { and, desc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';

import { userMessage } from '@/i18n/user-messages';
import { API_KEY_ROLES, ORGANIZATION_ROLES, type ApiKeyRole } from '@/lib/auth/scopes';
import type { Database } from '@/lib/db/connect';
import { apiKeys } from '@/lib/db/schema';
import type { PeopleNames } from '@/lib/display-name';
import { AppError } from '@/lib/errors';
import { LogtoApiError, type ManagementApi } from '@/lib/logto/management-api';
import { forgetCachedRevocations, revokeOrganizationTokens } from '@/lib/mirror/revocations';
import { recordActivity, resolveUserNames } from '@/lib/organizations/activity';
import { forbidden, parseInput, type AdminAccess } from '@/lib/organizations/use-case';

import { createApiKeySchema, revokeApiKeySchema } from './schemas';
import type { ApiKeyDto, CreatedApiKeyDto } from './types';

// Organization API keys: each key is a Logto machine-to-machine application assigned to one
// organization with a machine role (`api-member` or `api-viewer`), so Logto issues it organization
// tokens for that organization only (client_credentials with organization_id). The app records
// the key (name, role, who made it) and, on revocation, deletes the Logto app and writes the
// revocation record, so the tokens it already holds are refused at once, not only at expiry.

export type ApiKeyDeps = {
  api: Pick<ManagementApi, 'applications' | 'organizations' | 'organizationRoles' | 'users'>;
  db: Database;
  /** MAX_API_KEYS_PER_ORGANIZATION */
  maxKeys: number;
};

/** A name already used by an active key of the organization (the form shows it next to the name). */
export class ApiKeyNameTakenError extends AppError {
  constructor() {
    super('conflict', userMessage('apiKeyNameTaken'));
  }
}

const requireManage = (access: Pick<AdminAccess, 'can'>) => {
  if (!access.can('manage:api-keys')) throw forbidden(userMessage('roleCannotManageApiKeys'));
};

/** The scopes a key with `role` can get in an organization token (its machine role's). */
export const scopesOfApiKeyRole = (role: ApiKeyRole): string[] => [...ORGANIZATION_ROLES[role]];

/** Logto takes role ids, not names, for apps; the machine role must exist (npm run logto:setup). */
async function machineRoleId(api: ApiKeyDeps['api'], role: ApiKeyRole): Promise<string> {
  const name = API_KEY_ROLES[role];
  const found = (await api.organizationRoles.listAll()).find((candidate) => candidate.name === name);
  if (!found) {
    console.error(`[api-keys] Logto has no organization role ${name}; run npm run logto:setup`);
    throw new AppError('upstream_failed', userMessage('apiKeysNotSetUp'));
  }
  return found.id;
}

/**
 * Creates a key: checks the limit and the name under a per-organization lock (two concurrent
 * requests cannot both take the last slot), then makes the Logto app, reads its secret, adds it
 * to the organization with its role, and records it. A failure on the way removes what was made.
 */
export async function createApiKey(deps: ApiKeyDeps, access: AdminAccess, rawInput: unknown): Promise<CreatedApiKeyDto> {
  requireManage(access);
  const input = parseInput(createApiKeySchema, rawInput);
  const { api, db } = deps;
  const { organizationId } = access;
  const id = randomBytes(12).toString('base64url');

  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`api-keys:${organizationId}`}))`);
    // A creation that died half-way (the process stopped) leaves a row without an app: after
    // five minutes it no longer holds a slot.
    await tx
      .delete(apiKeys)
      .where(and(eq(apiKeys.organizationId, organizationId), isNull(apiKeys.applicationId), lt(apiKeys.createdAt, new Date(Date.now() - 5 * 60_000))));
    const active = await tx
      .select({ name: apiKeys.name })
      .from(apiKeys)
      .where(and(eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt)));
    if (active.length >= deps.maxKeys) {
      throw new AppError('quota_exceeded', userMessage('apiKeyQuota', { max: String(deps.maxKeys) }));
    }
    if (active.some((key) => key.name.toLowerCase() === input.name.toLowerCase())) throw new ApiKeyNameTakenError();
    await tx.insert(apiKeys).values({ id, organizationId, name: input.name, role: input.role, createdBy: access.user.id });
  });

  let applicationId: string | undefined;
  try {
    const roleId = await machineRoleId(api, input.role);
    const app = await api.applications.create({
      name: input.name.slice(0, 256),
      type: 'MachineToMachine',
      description: `API key of organization ${organizationId}`,
    });
    applicationId = app.id;
    const now = Date.now();
    const secret = (await api.applications.listSecrets(app.id)).find((candidate) => !candidate.expiresAt || candidate.expiresAt > now);
    if (!secret) throw new AppError('upstream_failed', userMessage('apiKeyWithoutSecret'));
    await api.organizations.addApplications(organizationId, [app.id]);
    await api.organizations.addApplicationRoles(organizationId, app.id, [roleId]);
    await db.transaction(async (tx) => {
      await tx.update(apiKeys).set({ applicationId: app.id }).where(eq(apiKeys.id, id));
      await recordActivity(tx, {
        organizationId,
        actorId: access.user.id,
        action: 'api_key.created',
        target: id,
        metadata: { name: input.name, role: input.role },
      });
    });
    return { id, name: input.name, role: input.role, clientId: app.id, clientSecret: secret.value, scopes: scopesOfApiKeyRole(input.role) };
  } catch (error) {
    if (applicationId) {
      await api.applications.delete(applicationId).catch((cleanupError: unknown) => {
        console.error('[api-keys] could not delete the Logto app of a failed key creation:', applicationId, cleanupError);
      });
    }
    await db.delete(apiKeys).where(eq(apiKeys.id, id));
    throw error;
  }
}

/** The organization's active keys, newest first, with their creators' names. */
export async function listApiKeys(deps: Pick<ApiKeyDeps, 'api' | 'db'> & { names: PeopleNames }, access: AdminAccess): Promise<ApiKeyDto[]> {
  requireManage(access);
  const rows = await deps.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.organizationId, access.organizationId), isNull(apiKeys.revokedAt), isNotNull(apiKeys.applicationId)))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  const names = await resolveUserNames(
    deps.api,
    rows.map((row) => row.createdBy),
    deps.names,
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    clientId: row.applicationId ?? '',
    createdBy: { id: row.createdBy, name: names.get(row.createdBy) ?? deps.names.unknown },
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}

/**
 * Revokes a key: Logto's app is deleted first (so no new token can be issued), then, in one
 * transaction, the key is marked revoked and the revocation record refuses every token the app
 * got before now. An app already gone from Logto (deleted in the Console) is revoked all the same.
 */
export async function revokeApiKey(deps: Pick<ApiKeyDeps, 'api' | 'db'>, access: AdminAccess, rawInput: unknown): Promise<{ name: string }> {
  requireManage(access);
  const { keyId } = parseInput(revokeApiKeySchema, rawInput);
  const { organizationId } = access;
  const [key] = await deps.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt), isNotNull(apiKeys.applicationId)));
  if (!key?.applicationId) throw new AppError('not_found', userMessage('apiKeyNotFound'));
  const { applicationId } = key;
  try {
    await deps.api.applications.delete(applicationId);
  } catch (error) {
    if (!(error instanceof LogtoApiError && error.status === 404)) throw error;
  }
  const at = new Date();
  await deps.db.transaction(async (tx) => {
    await tx.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, key.id));
    await revokeOrganizationTokens(tx, organizationId, [applicationId], at);
    await recordActivity(tx, { organizationId, actorId: access.user.id, action: 'api_key.revoked', target: key.id, metadata: { name: key.name } });
  });
  forgetCachedRevocations();
  return { name: key.name };
}

/**
 * Before an organization is deleted in the app: its keys' Logto apps are deleted too (Logto
 * keeps apps when their organization goes, and counts them against its M2M app quota).
 * Best effort: a failure is logged, never blocks the deletion.
 */
export async function deleteOrganizationApiKeyApps(deps: Pick<ApiKeyDeps, 'api' | 'db'>, organizationId: string): Promise<void> {
  const rows = await deps.db
    .select({ applicationId: apiKeys.applicationId })
    .from(apiKeys)
    .where(and(eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt), isNotNull(apiKeys.applicationId)));
  for (const { applicationId } of rows) {
    if (!applicationId) continue;
    await deps.api.applications.delete(applicationId).catch((error: unknown) => {
      if (error instanceof LogtoApiError && error.status === 404) return;
      console.error('[api-keys] could not delete the Logto app of a deleted organization\'s key:', applicationId, error);
    });
  }
}

// Last use, as the app sees it: written at most once a minute per key and instance, so a busy
// key costs one UPDATE a minute, not one per request.
const LAST_USED_RESOLUTION_MS = 60_000;
const lastNoted = new Map<string, number>();
const MAX_NOTED = 10_000;

/** Records that the app accepted a token of the app `applicationId` in `organizationId`. */
export async function noteApiKeyUse(db: Database, organizationId: string, applicationId: string, now = Date.now()): Promise<void> {
  const key = `${organizationId}\n${applicationId}`;
  if ((lastNoted.get(key) ?? 0) > now - LAST_USED_RESOLUTION_MS) return;
  if (lastNoted.size >= MAX_NOTED) lastNoted.clear();
  lastNoted.set(key, now);
  const at = new Date(now);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: at })
    .where(
      and(
        eq(apiKeys.organizationId, organizationId),
        eq(apiKeys.applicationId, applicationId),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, at)),
      ),
    );
}
