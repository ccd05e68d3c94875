import 'server-only';

import { userMessage } from '@/i18n/user-messages';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { AccessTokenError, accessTokenVerifierFor } from '@/lib/logto/access-token';

import { CREATE_ORGANIZATIONS } from './scopes';
import { getResourceAccessToken } from './session';

/**
 * The signed-in user may create organizations: their access token for LOGTO_API_RESOURCE,
 * verified (not merely decoded), carries `create:organizations`.
 */
export async function requireCreateOrganizationsPermission(userId: string) {
  const { logto } = getEnv();
  let token: string;
  try {
    token = await getResourceAccessToken(logto.apiResource);
  } catch (error) {
    console.warn('[auth] no access token for the API resource:', error instanceof Error ? error.message : error);
    throw new AppError('forbidden', userMessage('noPermissionToCreateOrganizations'));
  }
  try {
    const verified = await accessTokenVerifierFor(logto.endpoint).verifyResourceToken(token, logto.apiResource, [CREATE_ORGANIZATIONS]);
    if (verified.userId === userId) return;
  } catch (error) {
    if (!(error instanceof AccessTokenError)) throw error;
    console.warn('[auth] resource access token refused:', error.reason);
  }
  throw new AppError('forbidden', userMessage('noPermissionToCreateOrganizations'));
}
