import { describe, expect, it } from 'vitest';

import {
  API_KEY_ROLES,
  CREATE_ORGANIZATIONS,
  MACHINE_ORGANIZATION_ROLES,
  missingScopes,
  ORGANIZATION_ROLE_NAMES,
  ORGANIZATION_ROLES,
  ORGANIZATION_SCOPES,
  parseScopeClaim,
  scopesOfRolesIn,
  SIGN_IN_SCOPES,
} from './scopes';

describe('parseScopeClaim', () => {
  it.each([
    ['read:projects write:projects', ['read:projects', 'write:projects']],
    ['', []],
    ['  read:projects   read:members ', ['read:projects', 'read:members']],
    ['read:projects read:projects', ['read:projects']],
    ['read:projects,write:projects', ['read:projects,write:projects']],
  ])('parses %j', (claim, expected) => {
    expect(parseScopeClaim(claim)).toEqual(new Set(expected));
  });

  it.each([undefined, null, 42, ['read:projects'], { scope: 'read:projects' }])(
    'returns null for the non-string %j',
    (claim) => {
      expect(parseScopeClaim(claim)).toBeNull();
    },
  );
});

describe('missingScopes', () => {
  const granted = new Set(['read:projects-extra', 'xread:members', 'write:projects']);

  it.each([
    [[], []],
    [['write:projects'], []],
    [['read:projects'], ['read:projects']],
    [['read:members', 'write:projects'], ['read:members']],
  ] as const)('required %j -> missing %j', (required, missing) => {
    expect(missingScopes(granted, required)).toEqual(missing);
  });
});

describe('permission model', () => {
  it('gives owner every organization scope', () => {
    expect([...ORGANIZATION_ROLES.owner].sort()).toEqual([...ORGANIZATION_SCOPES].sort());
  });

  it('gives admin everything but delete:organization', () => {
    expect([...ORGANIZATION_ROLES.admin].sort()).toEqual(
      ORGANIZATION_SCOPES.filter((scope) => scope !== 'delete:organization').sort(),
    );
  });

  it.each([
    ['member', ['read:projects', 'write:projects', 'read:members']],
    ['viewer', ['read:projects', 'read:members']],
  ] as const)('gives %s exactly %j', (role, scopes) => {
    expect([...ORGANIZATION_ROLES[role]].sort()).toEqual([...scopes].sort());
  });

  it('gives manage:api-keys to owner and admin only', () => {
    const holders = ORGANIZATION_ROLE_NAMES.filter((role) => (ORGANIZATION_ROLES[role] as readonly string[]).includes('manage:api-keys'));
    expect(holders).toEqual(['owner', 'admin']);
  });

  it('gives each API key role the scopes of its user twin, under another name', () => {
    expect(API_KEY_ROLES).toEqual({ member: 'api-member', viewer: 'api-viewer' });
    expect(MACHINE_ORGANIZATION_ROLES['api-member']).toEqual(ORGANIZATION_ROLES.member);
    expect(MACHINE_ORGANIZATION_ROLES['api-viewer']).toEqual(ORGANIZATION_ROLES.viewer);
    for (const name of Object.values(API_KEY_ROLES)) expect(ORGANIZATION_ROLE_NAMES).not.toContain(name);
  });

  it('has the four roles of the template', () => {
    expect(ORGANIZATION_ROLE_NAMES).toEqual(['owner', 'admin', 'member', 'viewer']);
  });

  it('only uses known organization scopes in roles', () => {
    for (const scopes of Object.values(ORGANIZATION_ROLES)) {
      expect(ORGANIZATION_SCOPES).toEqual(expect.arrayContaining([...scopes]));
    }
  });

  it('asks at sign-in for organization data, every organization scope and create:organizations', () => {
    expect(SIGN_IN_SCOPES).toEqual(
      expect.arrayContaining([
        'urn:logto:scope:organizations',
        'urn:logto:scope:organization_roles',
        CREATE_ORGANIZATIONS,
        ...ORGANIZATION_SCOPES,
      ]),
    );
    expect(new Set(SIGN_IN_SCOPES).size).toBe(SIGN_IN_SCOPES.length);
  });

  it('keeps the app-level permission out of the organization scopes', () => {
    expect(ORGANIZATION_SCOPES).not.toContain(CREATE_ORGANIZATIONS);
  });
});

describe('scopesOfRolesIn', () => {
  const template = new Map(Object.entries(ORGANIZATION_ROLES));
  it.each([
    [['viewer'], ['read:projects', 'read:members']],
    [['viewer', 'member'], ['read:projects', 'read:members', 'write:projects']],
    [['owner'], [...ORGANIZATION_SCOPES]],
    [[], []],
    [['custom-role', 'toString', '__proto__'], []],
  ])('%j grants %j under the template', (roles, scopes) => {
    expect([...scopesOfRolesIn(template, roles)].sort()).toEqual([...scopes].sort());
  });

  it('follows the roles as given, not the template, and ignores scopes the app does not know', () => {
    const changed = new Map([
      ['member', ['read:projects']],
      ['auditor', ['read:projects', 'read:members', 'print:reports']],
    ]);
    expect([...scopesOfRolesIn(changed, ['member'])]).toEqual(['read:projects']);
    expect([...scopesOfRolesIn(changed, ['auditor'])].sort()).toEqual(['read:members', 'read:projects']);
    expect([...scopesOfRolesIn(changed, ['owner'])]).toEqual([]);
  });
});
