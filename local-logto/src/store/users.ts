import type { Queryable } from '../db/database.js';
import { shortId } from '../db/ids.js';
import { assignDefaultRoles } from './roles.js';
import { patchAssignments } from './sql.js';

export interface UserRecord {
  id: string;
  username: string | null;
  primaryEmail: string | null;
  primaryPhone: string | null;
  name: string | null;
  avatar: string | null;
  customData: Record<string, unknown>;
  profile: Record<string, unknown>;
  passwordHash: string | null;
  applicationId: string | null;
  isSuspended: boolean;
  lastSignInAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface UserRow {
  id: string;
  username: string | null;
  primary_email: string | null;
  primary_phone: string | null;
  name: string | null;
  avatar: string | null;
  custom_data: Record<string, unknown>;
  profile: Record<string, unknown>;
  password_hash: string | null;
  application_id: string | null;
  is_suspended: boolean;
  last_sign_in_at: number | null;
  created_at: number;
  updated_at: number;
}

export const USER_COLUMNS = 'u.id, u.username, u.primary_email, u.primary_phone, u.name, u.avatar, u.custom_data, u.profile, u.password_hash, u.application_id, u.is_suspended, u.last_sign_in_at, u.created_at, u.updated_at';

export function toUserRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    primaryEmail: row.primary_email,
    primaryPhone: row.primary_phone,
    name: row.name,
    avatar: row.avatar,
    customData: row.custom_data,
    profile: row.profile,
    passwordHash: row.password_hash,
    applicationId: row.application_id,
    isSuspended: row.is_suspended,
    lastSignInAt: row.last_sign_in_at === null ? null : Number(row.last_sign_in_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Logto's user shape; the password hash never leaves the store. */
export function toApiUser(user: UserRecord) {
  return {
    id: user.id,
    username: user.username,
    primaryEmail: user.primaryEmail,
    primaryPhone: user.primaryPhone,
    name: user.name,
    avatar: user.avatar,
    customData: user.customData,
    identities: {},
    lastSignInAt: user.lastSignInAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    profile: user.profile,
    applicationId: user.applicationId,
    isSuspended: user.isSuspended,
    hasPassword: user.passwordHash !== null,
  };
}

export type ApiUser = ReturnType<typeof toApiUser>;

export async function findUserById(db: Queryable, id: string): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from users u where u.id = $1`, [id]);
  return rows[0] && toUserRecord(rows[0]);
}

export type IdentifierType = 'username' | 'email' | 'phone';

/** Usernames and e-mail addresses are matched case-insensitively, like their unique indexes. */
export async function findUserByIdentifier(
  db: Queryable,
  type: IdentifierType,
  value: string,
): Promise<UserRecord | undefined> {
  const condition = {
    username: 'lower(u.username) = lower($1)',
    email: 'lower(u.primary_email) = lower($1)',
    phone: 'u.primary_phone = $1',
  }[type];
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from users u where ${condition}`, [value]);
  return rows[0] && toUserRecord(rows[0]);
}

export interface NewUser {
  username?: string | null;
  primaryEmail?: string | null;
  primaryPhone?: string | null;
  name?: string | null;
  avatar?: string | null;
  customData?: Record<string, unknown>;
  profile?: Record<string, unknown>;
  passwordHash?: string | null;
  applicationId?: string | null;
}

/**
 * Creates a user with every default role, as Logto does for Management API,
 * self-registered and seeded users alike. Run it inside a transaction.
 */
export async function createUser(tx: Queryable, input: NewUser): Promise<UserRecord> {
  const user = await insertUser(tx, input);
  await assignDefaultRoles(tx, user.id);
  return user;
}

async function insertUser(db: Queryable, input: NewUser): Promise<UserRecord> {
  const now = Date.now();
  const { rows } = await db.query<UserRow>(
    `insert into users as u (id, username, primary_email, primary_phone, name, avatar, custom_data, profile, password_hash, application_id, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
     returning ${USER_COLUMNS}`,
    [
      shortId(),
      input.username ?? null,
      input.primaryEmail ?? null,
      input.primaryPhone ?? null,
      input.name ?? null,
      input.avatar ?? null,
      JSON.stringify(input.customData ?? {}),
      JSON.stringify(input.profile ?? {}),
      input.passwordHash ?? null,
      input.applicationId ?? null,
      now,
    ],
  );
  const row = rows[0];
  if (!row) {
    throw new Error('insert into users returned no row');
  }
  return toUserRecord(row);
}

export async function recordSignIn(db: Queryable, userId: string, applicationId: string): Promise<void> {
  const now = Date.now();
  await db.query('update users set last_sign_in_at = $2, updated_at = $2, application_id = $3 where id = $1', [
    userId,
    now,
    applicationId,
  ]);
}

export interface UserPatch {
  username?: string | null;
  primaryEmail?: string | null;
  primaryPhone?: string | null;
  name?: string | null;
  avatar?: string | null;
  customData?: Record<string, unknown>;
  profile?: Record<string, unknown>;
  passwordHash?: string | null;
  isSuspended?: boolean;
}

const PATCH_COLUMNS: Record<keyof UserPatch, string> = {
  username: 'username',
  primaryEmail: 'primary_email',
  primaryPhone: 'primary_phone',
  name: 'name',
  avatar: 'avatar',
  customData: 'custom_data',
  profile: 'profile',
  passwordHash: 'password_hash',
  isSuspended: 'is_suspended',
};

export async function updateUser(db: Queryable, id: string, patch: UserPatch): Promise<UserRecord | undefined> {
  const values: unknown[] = [id];
  const assignments = patchAssignments(patch, PATCH_COLUMNS, values);
  values.push(Date.now());
  assignments.push(`updated_at = $${values.length}`);
  const { rows } = await db.query<UserRow>(
    `update users as u set ${assignments.join(', ')} where u.id = $1 returning ${USER_COLUMNS}`,
    values,
  );
  return rows[0] && toUserRecord(rows[0]);
}

export async function deleteUser(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query<{ id: string }>('delete from users where id = $1 returning id', [id]);
  return rows.length > 0;
}

/** Columns `search.<field>` may name, as in Logto. */
export const USER_SEARCH_FIELDS = {
  id: 'u.id',
  primaryEmail: 'u.primary_email',
  primaryPhone: 'u.primary_phone',
  username: 'u.username',
  name: 'u.name',
} as const;

export type UserSearchField = keyof typeof USER_SEARCH_FIELDS;

export const USER_SEARCH_MODES = ['exact', 'like', 'similar_to', 'posix'] as const;
export type UserSearchMode = (typeof USER_SEARCH_MODES)[number];

export interface UserSearch {
  /** Values of `search=` (any field) and `search.<field>=`; `like` values are SQL LIKE patterns. */
  terms: { field?: UserSearchField; values: string[]; mode: UserSearchMode }[];
  joint: 'and' | 'or';
  caseSensitive: boolean;
}

function comparison(column: string, placeholder: string, mode: UserSearchMode, caseSensitive: boolean): string {
  switch (mode) {
    case 'exact':
      return `${column} = ${placeholder}`;
    case 'like':
      return `${column} ${caseSensitive ? 'like' : 'ilike'} ${placeholder}`;
    case 'similar_to':
      return `${column} similar to ${placeholder}`;
    case 'posix':
      return `${column} ${caseSensitive ? '~' : '~*'} ${placeholder}`;
  }
}

function searchCondition(search: UserSearch, params: unknown[]): string {
  const groups = search.terms.map(({ field, values, mode }) => {
    const columns = field ? [USER_SEARCH_FIELDS[field]] : Object.values(USER_SEARCH_FIELDS);
    const alternatives = values.flatMap((value) => {
      params.push(value);
      const placeholder = `$${params.length}`;
      return columns.map((column) => comparison(column, placeholder, mode, search.caseSensitive));
    });
    return `(${alternatives.join(' or ')})`;
  });
  return groups.join(search.joint === 'and' ? ' and ' : ' or ');
}

export async function listUsers(
  db: Queryable,
  search: UserSearch,
  page: { limit: number; offset: number },
): Promise<{ users: UserRecord[]; total: number }> {
  const params: unknown[] = [];
  const condition = search.terms.length > 0 ? `where ${searchCondition(search, params)}` : '';
  const { rows: countRows } = await db.query<{ total: number }>(`select count(*)::int as total from users u ${condition}`, params);
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from users u ${condition} order by u.created_at desc, u.id
     limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  return { users: rows.map(toUserRecord), total: countRows[0]?.total ?? 0 };
}

export async function listRoleUsers(
  db: Queryable,
  roleId: string,
  page: { limit: number; offset: number },
): Promise<{ users: UserRecord[]; total: number }> {
  const { rows: countRows } = await db.query<{ total: number }>(
    'select count(*)::int as total from users_roles where role_id = $1',
    [roleId],
  );
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from users_roles ur join users u on u.id = ur.user_id where ur.role_id = $1
     order by u.created_at desc, u.id limit $2 offset $3`,
    [roleId, page.limit, page.offset],
  );
  return { users: rows.map(toUserRecord), total: countRows[0]?.total ?? 0 };
}
