import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { activityLog } from '@/lib/db/schema';
import { describeEachDatabase } from '@/tests/support/databases';
import { useLocalLogto } from '@/tests/support/local-logto';
import { accessFor, organizationFixtures, tokenRecorder } from '@/tests/support/organization-fixtures';

import { brandingSchema, getOrganizationBranding, updateOrganizationBranding } from './branding';
import type { AdminDeps } from './use-case';

describe('brandingSchema', () => {
  it('accepts https images and #RGB / #RRGGBB colours (upper-cased), and empty fields as none', () => {
    expect(
      brandingSchema.parse({
        darkLogoUrl: 'https://cdn.example.com/dark.svg',
        favicon: ' https://cdn.example.com/favicon.ico ',
        darkFavicon: '',
        primaryColor: '#aa3366',
        darkPrimaryColor: '#f8b',
        isDarkModeEnabled: 'on',
      }),
    ).toEqual({
      darkLogoUrl: 'https://cdn.example.com/dark.svg',
      favicon: 'https://cdn.example.com/favicon.ico',
      darkFavicon: null,
      primaryColor: '#AA3366',
      darkPrimaryColor: '#F8B',
      isDarkModeEnabled: true,
    });
  });

  it.each([
    ['an http URL', 'darkLogoUrl', 'http://cdn.example.com/dark.png'],
    ['a data: URL', 'favicon', 'data:image/png;base64,AAAA'],
    ['a javascript: URL', 'darkFavicon', 'javascript:alert(1)'],
    ['a URL on localhost', 'favicon', 'https://localhost/favicon.ico'],
    ['a colour name', 'primaryColor', 'red'],
    ['a colour without #', 'darkPrimaryColor', 'AA3366'],
    ['CSS in a colour', 'primaryColor', '#fff; background: url(x)'],
  ])('refuses %s next to the field', (_name, field, value) => {
    const issues = brandingSchema.safeParse({ [field]: value }).error?.issues ?? [];
    expect(issues.map((issue) => issue.path)).toEqual([[field]]);
  });
});

const logto = useLocalLogto();

describeEachDatabase('organization branding against the local Logto', (getDb) => {
  let fx: ReturnType<typeof organizationFixtures>;
  const deps = (): AdminDeps => ({ api: fx.api, db: getDb(), tokens: tokenRecorder().tokens });

  beforeAll(() => {
    fx = organizationFixtures(logto().endpoint);
  });

  it('saves branding and colours for an admin, keeping the light logo, and logs it once', async () => {
    const { organizationId, admin } = await fx.team();
    await fx.api.organizations.update(organizationId, { branding: { logoUrl: 'https://cdn.example.com/logo.png' } });
    const access = accessFor(admin, organizationId, 'admin');
    const input = {
      darkLogoUrl: 'https://cdn.example.com/dark.png',
      favicon: 'https://cdn.example.com/favicon.ico',
      primaryColor: '#aa3366',
      darkPrimaryColor: '#FF88BB',
      isDarkModeEnabled: 'on',
    };
    expect(await updateOrganizationBranding(deps(), access, input)).toEqual({ changed: true });
    expect(await getOrganizationBranding(deps(), access)).toEqual({
      logoUrl: 'https://cdn.example.com/logo.png',
      darkLogoUrl: 'https://cdn.example.com/dark.png',
      favicon: 'https://cdn.example.com/favicon.ico',
      darkFavicon: null,
      primaryColor: '#AA3366',
      darkPrimaryColor: '#FF88BB',
      isDarkModeEnabled: true,
    });
    // The same values again change nothing.
    expect(await updateOrganizationBranding(deps(), access, input)).toEqual({ changed: false });
    const log = await getDb().select().from(activityLog).where(eq(activityLog.organizationId, organizationId));
    expect(log).toEqual([expect.objectContaining({ action: 'organization.updated', metadata: { changes: ['sign-in branding'] } })]);

    // Clearing a field removes it from Logto's branding.
    await updateOrganizationBranding(deps(), access, { ...input, favicon: '' });
    expect((await fx.api.organizations.getBranding(organizationId)).branding).toEqual({
      logoUrl: 'https://cdn.example.com/logo.png',
      darkLogoUrl: 'https://cdn.example.com/dark.png',
    });
  });

  it('refuses an http URL at the domain boundary too, and a member altogether', async () => {
    const { organizationId, owner, member } = await fx.team();
    await expect(
      updateOrganizationBranding(deps(), accessFor(owner, organizationId, 'owner'), { darkLogoUrl: 'http://cdn.example.com/x.png' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(updateOrganizationBranding(deps(), accessFor(member, organizationId, 'member'), {})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(getOrganizationBranding(deps(), accessFor(member, organizationId, 'member'))).rejects.toMatchObject({ code: 'forbidden' });
  });
});
