import { describe, expect, it } from 'vitest';

import { brandingOrganizationId, organizationSignInParams, organizationSignInPath } from './sign-in-organization';

describe('organization-branded sign-in', () => {
  it.each([
    ['ko0ex4s74eqv', 'ko0ex4s74eqv'],
    ['a'.repeat(21), 'a'.repeat(21)],
    [null, undefined],
    ['', undefined],
    ['a'.repeat(22), undefined],
    ['x"><script>', undefined],
    ['../admin', undefined],
  ])('takes %j as the branding organization %j', (value, expected) => {
    expect(brandingOrganizationId(value)).toBe(expected);
  });

  it("adds Logto's organization_id to the authorization request only when there is one", () => {
    expect(organizationSignInParams('ko0ex4s74eqv')).toEqual({ organization_id: 'ko0ex4s74eqv' });
    expect(organizationSignInParams(undefined)).toEqual({});
  });

  it('builds the sign-in link of an organization', () => {
    expect(organizationSignInPath('ko0ex4s74eqv', '/o/ko0ex4s74eqv')).toBe('/sign-in?returnTo=%2Fo%2Fko0ex4s74eqv&organizationId=ko0ex4s74eqv');
  });
});
