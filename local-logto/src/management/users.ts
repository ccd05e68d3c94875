import { z } from 'zod';

import { isUniqueViolation } from '../db/database.js';
import { EMAIL_PATTERN, identifierInUse, USERNAME_PATTERN } from '../experience/routes.js';
import { noContent, ok, readJsonBody } from '../http/responses.js';
import { parseInput } from '../http/validation.js';
import { signOutAccount } from '../oidc/adapter.js';
import { userInfo } from '../hooks/events.js';
import { managementApiContext } from '../hooks/request-context.js';
import { totpQrCode } from '../experience/mfa-routes.js';
import { ApiError } from '../http/responses.js';
import { generateTotpSecret, isValidTotpSecret } from '../mfa/totp.js';
import { bindTotp, deleteMfaVerification, findTotp, listMfaVerifications, toApiMfaVerification } from '../store/mfa-verifications.js';
import { hashPassword } from '../passwords.js';
import {
  createUser,
  deleteUser,
  findUserById,
  findUserByIdentifier,
  listUsers,
  toApiUser,
  updateUser,
  USER_SEARCH_FIELDS,
  USER_SEARCH_MODES,
  type IdentifierType,
  type UserSearch,
  type UserSearchField,
  type UserSearchMode,
} from '../store/users.js';
import { param, type ManagementRouter } from './context.js';
import { emptyUpdate, invalidRequestInput, notFound } from './errors.js';

const toColumnName = (field: string): string => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
import { pageHeaders, readPage } from './pagination.js';

const jsonObject = z.record(z.string(), z.unknown());

const profileFields = {
  username: z.string().regex(USERNAME_PATTERN).nullable(),
  primaryEmail: z.string().regex(EMAIL_PATTERN).nullable(),
  primaryPhone: z.string().regex(/^\d+$/).nullable(),
  name: z.string().nullable(),
  avatar: z.string().nullable(),
  customData: jsonObject,
  profile: jsonObject,
};

const createBody = z.object({ ...profileFields, password: z.string().min(1) }).partial();
const updateBody = z.object(profileFields).partial();
const passwordBody = z.object({ password: z.string().min(1) });
const suspensionBody = z.object({ isSuspended: z.boolean() });

const UNIQUE_INDEX_IDENTIFIER: Record<string, IdentifierType> = {
  users_username_key: 'username',
  users_primary_email_key: 'email',
  users_primary_phone_key: 'phone',
};

/** A concurrent insert can still hit a unique index: answer it like the checks do. */
function mapUniqueViolation(error: unknown): never {
  if (isUniqueViolation(error)) {
    const constraint = typeof error === 'object' && error !== null && 'constraint' in error ? String(error.constraint) : '';
    throw identifierInUse(UNIQUE_INDEX_IDENTIFIER[constraint] ?? 'username');
  }
  throw error;
}

/** Logto accepts a field by its API name or its column name. */
const SEARCH_FIELD_ALIASES: Record<string, UserSearchField> = {
  id: 'id',
  primaryEmail: 'primaryEmail',
  primary_email: 'primaryEmail',
  primaryPhone: 'primaryPhone',
  primary_phone: 'primaryPhone',
  username: 'username',
  name: 'name',
};

function isSearchMode(mode: string): mode is UserSearchMode {
  return (USER_SEARCH_MODES as readonly string[]).includes(mode);
}

/**
 * Logto's user search: `search` (every field) and `search.<field>` are SQL
 * LIKE patterns (no implicit wildcards), `mode.<field>` picks exact, like,
 * similar_to or posix, `joint` combines fields (`or` by default) and
 * `isCaseSensitive=true` uses LIKE instead of ILIKE. `q` is not a users
 * parameter and is ignored.
 */
function readUserSearch(url: URL): UserSearch {
  const terms: UserSearch['terms'] = [];
  const general = url.searchParams.getAll('search').filter((value) => value !== '');
  if (general.length > 0) {
    terms.push({ values: general, mode: 'like' });
  }
  for (const key of new Set(url.searchParams.keys())) {
    const separator = key.indexOf('.');
    const prefix = key.slice(0, separator);
    const name = key.slice(separator + 1);
    if (separator < 0 || (prefix !== 'search' && prefix !== 'mode')) {
      continue;
    }
    const field = SEARCH_FIELD_ALIASES[name];
    if (!field) {
      throw invalidRequestInput(
        400,
        `Search field \`${name}\` is not valid, expect one of ${Object.keys(USER_SEARCH_FIELDS).map(toColumnName).join(', ')}.`,
      );
    }
    if (prefix === 'mode') {
      continue;
    }
    const mode = url.searchParams.get(`mode.${name}`) ?? 'like';
    if (!isSearchMode(mode)) {
      throw invalidRequestInput(
        400,
        `Search match mode \`${mode}\` for field \`${name}\` is not valid, expect one of ${USER_SEARCH_MODES.join(', ')}.`,
      );
    }
    const values = url.searchParams.getAll(key).filter((value) => value !== '');
    if (values.length > 0) {
      terms.push({ field, values, mode });
    }
  }
  return {
    terms,
    joint: url.searchParams.get('joint') === 'and' ? 'and' : 'or',
    caseSensitive: url.searchParams.get('isCaseSensitive') === 'true',
  };
}

const addTotpBody = z.object({ type: z.literal('Totp'), secret: z.string().optional() });

export function registerUserRoutes(api: ManagementRouter): void {
  const { database } = api;

  const requireUser = async (id: string) => {
    const user = await findUserById(database, id);
    if (!user) {
      throw notFound();
    }
    return user;
  };

  /** Rejects identifiers another user already has (case-insensitively for username and e-mail). */
  const checkIdentifiers = async (
    input: { username?: string | null; primaryEmail?: string | null; primaryPhone?: string | null },
    exceptUserId?: string,
  ) => {
    const checks: [IdentifierType, string | null | undefined][] = [
      ['username', input.username],
      ['email', input.primaryEmail],
      ['phone', input.primaryPhone],
    ];
    for (const [type, value] of checks) {
      if (!value) {
        continue;
      }
      const owner = await findUserByIdentifier(database, type, value);
      if (owner && owner.id !== exceptUserId) {
        throw identifierInUse(type);
      }
    }
  };

  api.post('/api/users', async ({ req }) => {
    const { password, ...profile } = parseInput(createBody, (await readJsonBody(req)) ?? {});
    await checkIdentifiers(profile);
    const passwordHash = password === undefined ? null : await hashPassword(password);
    const user = await database
      .transaction((tx) => createUser(tx, { ...profile, passwordHash }))
      .catch(mapUniqueViolation);
    // Logto answers user creation with 200, not 201.
    return ok(toApiUser(user));
  });

  api.get('/api/users', async (context) => {
    const search = readUserSearch(context.url);
    const page = readPage(context.url, 'always');
    const { users, total } = await listUsers(database, search, page);
    return ok(users.map(toApiUser), pageHeaders(context.url, page, total));
  });

  api.get('/api/users/:userId', async (context) => ok(toApiUser(await requireUser(param(context, 'userId')))));

  api.patch('/api/users/:userId', async (context) => {
    const userId = param(context, 'userId');
    const patch = parseInput(updateBody, await readJsonBody(context.req));
    await requireUser(userId);
    if (Object.values(patch).every((value) => value === undefined)) {
      throw emptyUpdate();
    }
    await checkIdentifiers(patch, userId);
    const user = await updateUser(database, userId, patch).catch(mapUniqueViolation);
    if (!user) {
      throw notFound();
    }
    return ok(toApiUser(user));
  });

  api.patch('/api/users/:userId/password', async (context) => {
    const userId = param(context, 'userId');
    const { password } = parseInput(passwordBody, await readJsonBody(context.req));
    await requireUser(userId);
    const user = await updateUser(database, userId, { passwordHash: await hashPassword(password) });
    if (!user) {
      throw notFound();
    }
    return ok(toApiUser(user));
  });

  api.patch('/api/users/:userId/is-suspended', async (context) => {
    const userId = param(context, 'userId');
    const { isSuspended } = parseInput(suspensionBody, await readJsonBody(context.req));
    await requireUser(userId);
    const user = await updateUser(database, userId, { isSuspended });
    if (!user) {
      throw notFound();
    }
    if (isSuspended) {
      await signOutAccount(database, user.id);
    }
    return ok(toApiUser(user));
  });

  api.delete('/api/users/:userId', async (context) => {
    const user = await requireUser(param(context, 'userId'));
    // Memberships, member roles and global roles go with the user (foreign keys cascade).
    if (!(await deleteUser(database, user.id))) {
      throw notFound();
    }
    // Logto reports the user as it was, with the user fields first.
    api.report(context, 'User.Deleted', { data: userInfo(toApiUser(user)), ...managementApiContext(context, 204) });
    return noContent();
  });

  api.get('/api/users/:userId/mfa-verifications', async (context) => {
    const user = await requireUser(param(context, 'userId'));
    return ok((await listMfaVerifications(database, user.id)).map(toApiMfaVerification));
  });

  // Logto's "add a factor for the user": TOTP only here (its backup codes are not implemented).
  api.post('/api/users/:userId/mfa-verifications', async (context) => {
    const user = await requireUser(param(context, 'userId'));
    const { secret } = parseInput(addTotpBody, await readJsonBody(context.req));
    if (await findTotp(database, user.id)) {
      throw new ApiError(422, 'user.totp_already_in_use', 'TOTP is already in use.');
    }
    if (secret !== undefined && !isValidTotpSecret(secret)) {
      throw new ApiError(422, 'user.totp_secret_invalid', 'Invalid TOTP secret supplied.');
    }
    const key = secret ?? generateTotpSecret();
    await bindTotp(database, user.id, key);
    return ok({ type: 'Totp', secret: key, secretQrCode: await totpQrCode(key, user, context.url.hostname) });
  });

  api.delete('/api/users/:userId/mfa-verifications/:verificationId', async (context) => {
    const user = await requireUser(param(context, 'userId'));
    if (!(await deleteMfaVerification(database, user.id, param(context, 'verificationId')))) {
      throw notFound();
    }
    return noContent();
  });
}
