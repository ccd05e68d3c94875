import { randomBytes } from 'node:crypto';

import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { jitEmailDomainClaims } from '@/lib/db/schema';
import { describeEachDatabase } from '@/tests/support/databases';
import { useLocalLogto } from '@/tests/support/local-logto';
import { accessFor, organizationFixtures, tokenRecorder } from '@/tests/support/organization-fixtures';

import { removeOrganizationData } from './organization-data';
import {
  addJitDomainSchema,
  addJitEmailDomain,
  getJitSettings,
  isPublicEmailDomain,
  JIT_MESSAGES,
  jitRoleSchema,
  removeJitEmailDomain,
  setJitRole,
} from './jit';
import type { AdminDeps } from './use-case';

describe('isPublicEmailDomain', () => {
  it.each(['gmail.com', 'GMAIL.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'gmx.de', 'web.de', 'proton.me', 'icloud.com', 'mail.ru', 'qq.com'])(
    'knows %s',
    (domain) => expect(isPublicEmailDomain(domain)).toBe(true),
  );

  it('counts subdomains of a public provider as public', () => {
    expect(isPublicEmailDomain('eu.gmail.com')).toBe(true);
  });

  it.each(['acme.com', 'initech.test', 'mail.acme.co.uk', 'gmail.com.acme.dev'])('lets %s through', (domain) => {
    expect(isPublicEmailDomain(domain)).toBe(false);
  });
});

describe('addJitDomainSchema', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['  ACME.com ', 'acme.com'],
    ['@acme.com', 'acme.com'],
    ['mail.acme.co.uk', 'mail.acme.co.uk'],
  ])('accepts %j as %j', (input, expected) => {
    expect(addJitDomainSchema.parse({ emailDomain: input })).toEqual({ emailDomain: expected });
  });

  it.each([
    ['an empty value', '', JIT_MESSAGES.domainFormat()],
    ['an address', 'jane@acme.com', JIT_MESSAGES.domainFormat()],
    ['a URL', 'https://acme.com', JIT_MESSAGES.domainFormat()],
    ['a single label', 'localhost', JIT_MESSAGES.domainFormat()],
    ['spaces inside', 'acme corp.com', JIT_MESSAGES.domainFormat()],
    ['a 129-character domain', `${'a'.repeat(120)}.acme.com`, JIT_MESSAGES.domainTooLong()],
    ['a public provider', 'Gmail.com', JIT_MESSAGES.publicDomain('gmail.com')],
    ['a public provider with "@"', '@outlook.com', JIT_MESSAGES.publicDomain('outlook.com')],
  ])('refuses %s next to the field', (_name, emailDomain, message) => {
    const issues = addJitDomainSchema.safeParse({ emailDomain }).error?.issues ?? [];
    expect(issues.map((issue) => issue.path)).toContainEqual(['emailDomain']);
    expect(issues.map((issue) => issue.message)).toContain(message);
  });
});

describe('jitRoleSchema', () => {
  it.each(['admin', 'member', 'viewer'])('accepts %s', (role) => expect(jitRoleSchema.parse({ role })).toEqual({ role }));
  it.each(['owner', '', 'superuser'])('refuses %j', (role) => expect(jitRoleSchema.safeParse({ role }).success).toBe(false));
});

const logto = useLocalLogto();

describeEachDatabase('JIT e-mail domains against the local Logto', (getDb) => {
  let fx: ReturnType<typeof organizationFixtures>;
  const deps = (): AdminDeps => ({ api: fx.api, db: getDb(), tokens: tokenRecorder().tokens });
  const uniqueDomain = () => `jit-${randomBytes(4).toString('hex')}.test`;

  beforeAll(() => {
    fx = organizationFixtures(logto().endpoint);
  });

  it('adds a domain for an owner, sets the default role once, lists, and removes it', async () => {
    const { organizationId, owner } = await fx.team();
    const access = accessFor(owner, organizationId, 'owner');
    const domain = uniqueDomain();

    expect(await getJitSettings(deps(), access)).toEqual({ domains: [], role: null });
    expect(await addJitEmailDomain(deps(), access, { emailDomain: domain.toUpperCase() })).toEqual({ domain, roleSet: 'member' });
    expect(await fx.api.organizations.listJitEmailDomains(organizationId)).toEqual([expect.objectContaining({ emailDomain: domain })]);
    expect(await getJitSettings(deps(), access)).toEqual({ domains: [domain], role: 'member' });

    await setJitRole(deps(), access, { role: 'viewer' });
    const second = uniqueDomain();
    // A role is already set: adding another domain keeps it.
    expect(await addJitEmailDomain(deps(), access, { emailDomain: second })).toEqual({ domain: second, roleSet: null });
    expect((await getJitSettings(deps(), access)).role).toBe('viewer');

    await removeJitEmailDomain(deps(), access, { emailDomain: domain });
    expect((await getJitSettings(deps(), access)).domains).toEqual([second]);
    expect(await getDb().select().from(jitEmailDomainClaims).where(eq(jitEmailDomainClaims.emailDomain, domain))).toEqual([]);
    await expect(removeJitEmailDomain(deps(), access, { emailDomain: domain })).rejects.toMatchObject({
      field: 'emailDomain',
      message: JIT_MESSAGES.notListed(domain),
    });
  });

  it('refuses a domain another organization of this app has claimed, next to the field, and changes nothing', async () => {
    const first = await fx.team();
    const second = await fx.team();
    const domain = uniqueDomain();
    await addJitEmailDomain(deps(), accessFor(first.owner, first.organizationId, 'owner'), { emailDomain: domain });

    await expect(addJitEmailDomain(deps(), accessFor(second.owner, second.organizationId, 'owner'), { emailDomain: domain })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'emailDomain',
      message: JIT_MESSAGES.claimedDomain(domain),
    });
    expect(await fx.api.organizations.listJitEmailDomains(second.organizationId)).toEqual([]);

    // Once the first organization lets it go, the second may take it.
    await removeJitEmailDomain(deps(), accessFor(first.owner, first.organizationId, 'owner'), { emailDomain: domain });
    await addJitEmailDomain(deps(), accessFor(second.owner, second.organizationId, 'owner'), { emailDomain: domain });
    expect(await fx.api.organizations.listJitEmailDomains(second.organizationId)).toEqual([expect.objectContaining({ emailDomain: domain })]);
  });

  it('lets exactly one of two organizations adding the same domain at once have it', async () => {
    const [first, second] = await Promise.all([fx.team(), fx.team()]);
    const domain = uniqueDomain();
    const results = await Promise.allSettled([
      addJitEmailDomain(deps(), accessFor(first.owner, first.organizationId, 'owner'), { emailDomain: domain }),
      addJitEmailDomain(deps(), accessFor(second.owner, second.organizationId, 'owner'), { emailDomain: domain }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const listed = [
      ...(await fx.api.organizations.listJitEmailDomains(first.organizationId)),
      ...(await fx.api.organizations.listJitEmailDomains(second.organizationId)),
    ];
    expect(listed.map(({ emailDomain }) => emailDomain)).toEqual([domain]);
  });

  it('says a domain the organization already has is already on the list', async () => {
    const { organizationId, owner } = await fx.team();
    const domain = uniqueDomain();
    await addJitEmailDomain(deps(), accessFor(owner, organizationId, 'owner'), { emailDomain: domain });
    await expect(addJitEmailDomain(deps(), accessFor(owner, organizationId, 'owner'), { emailDomain: domain })).rejects.toMatchObject({
      field: 'emailDomain',
      message: JIT_MESSAGES.alreadyListed(domain),
    });
  });

  it('refuses a public mail domain at the domain boundary too', async () => {
    const { organizationId, owner } = await fx.team();
    await expect(addJitEmailDomain(deps(), accessFor(owner, organizationId, 'owner'), { emailDomain: 'gmail.com' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await fx.api.organizations.listJitEmailDomains(organizationId)).toEqual([]);
  });

  it('is for owners only', async () => {
    const { organizationId, admin, member } = await fx.team();
    for (const [user, role] of [
      [admin, 'admin'],
      [member, 'member'],
    ] as const) {
      const access = accessFor(user, organizationId, role);
      await expect(getJitSettings(deps(), access)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(addJitEmailDomain(deps(), access, { emailDomain: uniqueDomain() })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(setJitRole(deps(), access, { role: 'admin' })).rejects.toMatchObject({ code: 'forbidden' });
    }
  });

  it('releases the claims of a deleted organization', async () => {
    const { organizationId, owner } = await fx.team();
    const domain = uniqueDomain();
    await addJitEmailDomain(deps(), accessFor(owner, organizationId, 'owner'), { emailDomain: domain });
    await removeOrganizationData(getDb(), organizationId);
    expect(await getDb().select().from(jitEmailDomainClaims).where(eq(jitEmailDomainClaims.organizationId, organizationId))).toEqual([]);
  });
});
