// A user's MFA factors in the Management API: the list the app reads to say who would be
// locked out when an organization requires MFA (reference samples 82 and 97), and adding and
// removing a TOTP factor.
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { mfaVerificationSchema } from '@/lib/logto/management-api';

import { expectJson, expectLogtoError, expectNoContent } from './support/assertions';
import { contractContext } from './support/context';
import { Fixtures } from './support/fixtures';
import { missingId } from './support/random';

const { api } = contractContext();
const fixtures = new Fixtures(api);
afterAll(() => fixtures.cleanup());

const NOT_FOUND = { code: 'entity.not_found', message: 'The resource does not exist.' };
const factorList = z.array(z.object({ id: z.string(), createdAt: z.iso.datetime(), type: z.string() }).strict());
const addedTotp = z.object({
  type: z.literal('Totp'),
  secret: z.string().regex(/^[A-Z2-7]{16,32}$/),
  secretQrCode: z.string().startsWith('data:image/png;base64,'),
});

describe('GET /api/users/:id/mfa-verifications', () => {
  it('a user without factors: 200 []', async () => {
    const { id } = await fixtures.createUser();
    expect(expectJson(await api.get(`/api/users/${id}/mfa-verifications`), 200, factorList)).toEqual([]);
  });

  it('an unknown user: 404', async () => {
    expect((await api.get(`/api/users/${missingId()}/mfa-verifications`)).status).toBe(404);
  });
});

describe('a TOTP factor added, listed and removed', () => {
  it('POST answers the secret once; the list shows the factor without it, in the shape the app parses', async () => {
    const { id } = await fixtures.createUser();
    const added = expectJson(await api.post(`/api/users/${id}/mfa-verifications`, { type: 'Totp' }), 200, addedTotp);
    expectLogtoError(await api.post(`/api/users/${id}/mfa-verifications`, { type: 'Totp' }), 422, { code: 'user.totp_already_in_use' });

    const response = await api.get(`/api/users/${id}/mfa-verifications`);
    const [factor, ...others] = expectJson(response, 200, factorList);
    expect(others).toEqual([]);
    expect(factor?.type).toBe('Totp');
    expect(response.text).not.toContain(added.secret);
    expect(z.array(mfaVerificationSchema).safeParse(response.json).success).toBe(true);

    expectNoContent(await api.delete(`/api/users/${id}/mfa-verifications/${factor?.id}`));
    expectLogtoError(await api.delete(`/api/users/${id}/mfa-verifications/${factor?.id}`), 404, NOT_FOUND);
    expect(expectJson(await api.get(`/api/users/${id}/mfa-verifications`), 200, factorList)).toEqual([]);
  });

  it('refuses a secret that is not 16 to 32 base32 characters', async () => {
    const { id } = await fixtures.createUser();
    expectLogtoError(await api.post(`/api/users/${id}/mfa-verifications`, { type: 'Totp', secret: 'not-base32' }), 422, {
      code: 'user.totp_secret_invalid',
    });
  });
});
