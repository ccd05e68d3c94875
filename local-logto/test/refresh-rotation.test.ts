import { describe, expect, it } from 'vitest';

import { APP_API_INDICATOR, DEMO_PASSWORD } from '../src/constants.js';
import { decodeJwt, exchangeCode, signIn, token, useInstance } from './helpers.js';
import { ageRefreshToken } from './internal.js';

const { server } = useInstance();

async function signInBob(scope = 'openid offline_access profile', resources: string[] = []) {
  const result = await signIn(server().endpoint, { type: 'username', value: 'bob' }, DEMO_PASSWORD, { scope, resources });
  return exchangeCode(server().endpoint, result);
}

describe('refresh token rotation (Logto policy)', () => {
  it('keeps a fresh refresh token, rotates one past 70% of its lifetime, and detects reuse', async () => {
    const tokens = await signInBob();
    const original = tokens.refresh_token ?? '';

    const early = await token(server().endpoint, { grant_type: 'refresh_token', refresh_token: original });
    expect(early.body.refresh_token).toBe(original);

    await ageRefreshToken(server().database, original);
    const rotated = await token(server().endpoint, { grant_type: 'refresh_token', refresh_token: original });
    expect(rotated.status).toBe(200);
    const next = rotated.body.refresh_token ?? '';
    expect(next).not.toBe(original);

    const reused = await token(server().endpoint, { grant_type: 'refresh_token', refresh_token: original });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'grant request is invalid' } });

    // Reuse revokes the whole grant, so the stolen-or-not successor is dead too.
    const successor = await token(server().endpoint, { grant_type: 'refresh_token', refresh_token: next });
    expect(successor).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('narrows a resource token to the role scopes the user has at refresh time', async () => {
    const tokens = await signInBob('openid offline_access profile create:organizations', [APP_API_INDICATOR]);
    const refresh = () =>
      token(server().endpoint, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token ?? '',
        resource: APP_API_INDICATOR,
      });
    expect((await refresh()).body.scope).toBe('create:organizations');

    const { rows } = await server().database.query<{ id: string }>(`select id from users where username = 'bob'`);
    const bobId = rows[0]?.id ?? '';
    const removed = await server().database.query<{ role_id: string }>(
      'delete from users_roles where user_id = $1 returning role_id',
      [bobId],
    );
    const withoutRole = await refresh();
    expect(withoutRole.body.scope).toBe('');
    expect(decodeJwt(withoutRole.body.access_token).scope).toBe('');

    for (const { role_id: roleId } of removed.rows) {
      await server().database.query('insert into users_roles (user_id, role_id) values ($1, $2)', [bobId, roleId]);
    }
    expect((await refresh()).body.scope).toBe('create:organizations');
  });
});
