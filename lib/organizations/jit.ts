import 'server-only';

import { and, eq } from 'drizzle-orm';
import publicEmailProviderDomains from 'email-providers/all.json';
import { z } from 'zod';

import { userMessage } from '@/i18n/user-messages';
import type { OrganizationScope } from '@/lib/auth/scopes';
import { jitEmailDomainClaims } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { LogtoApiError } from '@/lib/logto/management-api';

import { recordActivity } from './activity';
import { parseInput, type AdminAccess, type AdminDeps } from './use-case';

// Just-in-time membership by e-mail domain (Logto's organization JIT): anyone who registers
// with a verified address at one of the organization's domains joins it with the JIT role.
// Logto keeps the domains and the role (`/jit/email-domains`, `/jit/roles`) and applies them;
// this module adds the app's rules: owners only, no public mail domains, and a domain belongs
// to at most one organization of this app (the `jit_email_domain_claims` table).

/** Owners only: the one scope only owners hold, with the settings scope. */
export const JIT_SCOPES = ['manage:organization', 'delete:organization'] as const satisfies readonly OrganizationScope[];

/** Roles new people may get; never `owner`, which would hand the organization to anyone at the domain. */
export const JIT_ROLE_NAMES = ['admin', 'member', 'viewer'] as const;
export type JitRoleName = (typeof JIT_ROLE_NAMES)[number];
export const DEFAULT_JIT_ROLE: JitRoleName = 'member';

/** Logto stores e-mail domains in a `varchar(128)`. */
const MAX_DOMAIN_LENGTH = 128;

// The list of the `email-providers` package (free, public and disposable mail providers; it is
// refreshed from several public lists every month), in lower case.
const PUBLIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set(publicEmailProviderDomains.map((domain) => domain.toLowerCase()));

/** True for a domain where anyone can get an address (gmail.com, outlook.com, ...), subdomains included. */
export function isPublicEmailDomain(domain: string): boolean {
  const labels = domain.toLowerCase().split('.');
  for (let index = 0; index < labels.length - 1; index += 1) {
    if (PUBLIC_EMAIL_DOMAINS.has(labels.slice(index).join('.'))) return true;
  }
  return false;
}

/** The refusals, in English; the settings actions pass the user's language (messages/*.json, `jitSettings.errors`). */
export const JIT_MESSAGES = {
  domainFormat: () => 'Enter a domain such as acme.com, without "@" or "https://".',
  domainTooLong: () => `Use at most ${MAX_DOMAIN_LENGTH} characters.`,
  publicDomain: (domain: string) =>
    `${domain} is a public e-mail provider: anyone can get an address there. Add a domain your organization owns.`,
  claimedDomain: (domain: string) => `${domain} is already used for automatic membership by another organization.`,
  alreadyListed: (domain: string) => `${domain} is already on the list.`,
  notListed: (domain: string) => `${domain} is not on the list.`,
  role: () => 'Choose admin, member or viewer.',
};
export type JitMessages = typeof JIT_MESSAGES;
export type JitRefusal = 'claimedDomain' | 'alreadyListed' | 'notListed';

/** A domain as typed ("@Acme.com ", "acme.com"), normalized to lower case without "@"; public domains refused. */
export function emailDomainSchemaWith(messages: JitMessages) {
  return z
    .string({ error: messages.domainFormat() })
    .trim()
    .toLowerCase()
    .transform((value) => value.replace(/^@/, ''))
    .pipe(z.string().max(MAX_DOMAIN_LENGTH, messages.domainTooLong()).regex(z.regexes.domain, messages.domainFormat()))
    .refine((domain) => !isPublicEmailDomain(domain), { error: (issue) => messages.publicDomain(String(issue.input)) });
}

export const addJitDomainSchemaWith = (messages: JitMessages) => z.object({ emailDomain: emailDomainSchemaWith(messages) });
export const jitRoleSchemaWith = (messages: JitMessages) => z.object({ role: z.enum(JIT_ROLE_NAMES, { error: messages.role() }) });

export const addJitDomainSchema = addJitDomainSchemaWith(JIT_MESSAGES);
export const removeJitDomainSchema = z.object({ emailDomain: z.string().trim().toLowerCase().min(1).max(MAX_DOMAIN_LENGTH) });
export const jitRoleSchema = jitRoleSchemaWith(JIT_MESSAGES);

export type JitSettingsDto = {
  domains: string[];
  /** The role new people get; null when Logto has none set (or one this app does not offer). */
  role: JitRoleName | null;
};

/** A refusal that belongs next to the domain field of the form (`reason` names its message). */
export class JitFieldError extends AppError {
  readonly field = 'emailDomain';
  constructor(
    readonly reason: JitRefusal,
    readonly domain: string,
  ) {
    super('invalid_input', JIT_MESSAGES[reason](domain));
  }
}

function requireOwner(access: AdminAccess) {
  if (!JIT_SCOPES.every((scope) => access.can(scope))) {
    throw new AppError('forbidden', userMessage('onlyOwnersChangeJit'));
  }
}

const isJitRoleName = (name: string): name is JitRoleName => (JIT_ROLE_NAMES as readonly string[]).includes(name);

export async function getJitSettings(deps: Pick<AdminDeps, 'api'>, access: AdminAccess): Promise<JitSettingsDto> {
  requireOwner(access);
  const [domains, roles] = await Promise.all([
    deps.api.organizations.listJitEmailDomains(access.organizationId),
    deps.api.organizations.listJitRoles(access.organizationId),
  ]);
  const role = roles.length === 1 && roles[0] && isJitRoleName(roles[0].name) ? roles[0].name : null;
  return { domains: domains.map(({ emailDomain }) => emailDomain).sort(), role };
}

async function roleIdOf(deps: Pick<AdminDeps, 'api'>, name: JitRoleName): Promise<string> {
  const role = (await deps.api.organizationRoles.list()).find((candidate) => candidate.name === name);
  // The permission model is set up by `logto:setup`; a tenant without this role is misconfigured.
  if (!role) throw new AppError('upstream_failed', userMessage('jitRoleMissing', { name }));
  return role.id;
}

/**
 * Adds a domain (owners): claims it for this organization in the app database first (the
 * primary key decides between two organizations adding it at once), then adds it in Logto.
 * Sets the default role when none is set, so nobody ever joins without a role.
 */
export async function addJitEmailDomain(
  deps: AdminDeps,
  access: AdminAccess,
  input: z.input<typeof addJitDomainSchema>,
): Promise<{ domain: string; roleSet: JitRoleName | null }> {
  requireOwner(access);
  const { api, db } = deps;
  const { organizationId } = access;
  const { emailDomain: domain } = parseInput(addJitDomainSchema, input);

  const claimed = await db
    .insert(jitEmailDomainClaims)
    .values({ emailDomain: domain, organizationId })
    .onConflictDoNothing()
    .returning({ organizationId: jitEmailDomainClaims.organizationId });
  if (claimed.length === 0) {
    const [holder] = await db.select().from(jitEmailDomainClaims).where(eq(jitEmailDomainClaims.emailDomain, domain));
    if (holder && holder.organizationId !== organizationId) throw new JitFieldError('claimedDomain', domain);
    // Ours already: on Logto's list too, unless an earlier attempt stopped halfway.
  }

  let roleSet: JitRoleName | null = null;
  try {
    try {
      await api.organizations.addJitEmailDomain(organizationId, domain);
    } catch (error) {
      const inLogto = error instanceof LogtoApiError && error.code === 'entity.unique_integrity_violation';
      // Already in Logto (added in its Console, say): a new claim makes it this app's too.
      if (!inLogto) throw error;
      if (claimed.length === 0) throw new JitFieldError('alreadyListed', domain);
    }
    if ((await api.organizations.listJitRoles(organizationId)).length === 0) {
      await api.organizations.replaceJitRoles(organizationId, [await roleIdOf(deps, DEFAULT_JIT_ROLE)]);
      roleSet = DEFAULT_JIT_ROLE;
    }
  } catch (error) {
    // Release a claim made by this call if Logto did not take the domain.
    if (claimed.length > 0 && !(error instanceof JitFieldError)) {
      await db.delete(jitEmailDomainClaims).where(and(eq(jitEmailDomainClaims.emailDomain, domain), eq(jitEmailDomainClaims.organizationId, organizationId)));
    }
    throw error;
  }

  await recordActivity(db, {
    organizationId,
    actorId: access.user.id,
    action: 'organization.updated',
    target: organizationId,
    metadata: { changes: [`automatic membership domains (added ${domain})`] },
  });
  return { domain, roleSet };
}

/** Removes a domain (owners) in Logto, then releases the app's claim. */
export async function removeJitEmailDomain(
  deps: AdminDeps,
  access: AdminAccess,
  input: z.input<typeof removeJitDomainSchema>,
): Promise<{ domain: string }> {
  requireOwner(access);
  const { api, db } = deps;
  const { organizationId } = access;
  const { emailDomain: domain } = parseInput(removeJitDomainSchema, input);
  try {
    await api.organizations.removeJitEmailDomain(organizationId, domain);
  } catch (error) {
    if (!(error instanceof LogtoApiError && error.status === 404)) throw error;
    const released = await db
      .delete(jitEmailDomainClaims)
      .where(and(eq(jitEmailDomainClaims.emailDomain, domain), eq(jitEmailDomainClaims.organizationId, organizationId)))
      .returning();
    if (released.length === 0) throw new JitFieldError('notListed', domain);
    return { domain };
  }
  await db.delete(jitEmailDomainClaims).where(and(eq(jitEmailDomainClaims.emailDomain, domain), eq(jitEmailDomainClaims.organizationId, organizationId)));
  await recordActivity(db, {
    organizationId,
    actorId: access.user.id,
    action: 'organization.updated',
    target: organizationId,
    metadata: { changes: [`automatic membership domains (removed ${domain})`] },
  });
  return { domain };
}

/** Sets the one role new people get (owners). */
export async function setJitRole(deps: AdminDeps, access: AdminAccess, input: z.input<typeof jitRoleSchema>): Promise<{ role: JitRoleName }> {
  requireOwner(access);
  const { role } = parseInput(jitRoleSchema, input);
  await deps.api.organizations.replaceJitRoles(access.organizationId, [await roleIdOf(deps, role)]);
  await recordActivity(deps.db, {
    organizationId: access.organizationId,
    actorId: access.user.id,
    action: 'organization.updated',
    target: access.organizationId,
    metadata: { changes: [`automatic membership role (${role})`] },
  });
  return { role };
}
