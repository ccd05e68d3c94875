import type { Queryable } from '../db/database.js';
import { patchAssignments } from './sql.js';

export type ApplicationType = 'Native' | 'SPA' | 'Traditional' | 'MachineToMachine' | 'Protected' | 'SAML';

export interface ApplicationRecord {
  id: string;
  name: string;
  secret: string;
  description: string | null;
  type: ApplicationType;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  customClientMetadata: Record<string, unknown>;
  customData: Record<string, unknown>;
  isThirdParty: boolean;
  createdAt: number;
}

interface ApplicationRow {
  id: string;
  name: string;
  secret: string;
  description: string | null;
  type: ApplicationType;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  custom_client_metadata: Record<string, unknown>;
  custom_data: Record<string, unknown>;
  is_third_party: boolean;
  created_at: number;
}

const COLUMNS =
  'id, name, secret, description, type, redirect_uris, post_logout_redirect_uris, custom_client_metadata, custom_data, is_third_party, created_at';

function toRecord(row: ApplicationRow): ApplicationRecord {
  return {
    id: row.id,
    name: row.name,
    secret: row.secret,
    description: row.description,
    type: row.type,
    redirectUris: row.redirect_uris,
    postLogoutRedirectUris: row.post_logout_redirect_uris,
    customClientMetadata: row.custom_client_metadata,
    customData: row.custom_data,
    isThirdParty: row.is_third_party,
    createdAt: Number(row.created_at),
  };
}

export function toApiApplication(app: ApplicationRecord) {
  return {
    tenantId: 'default',
    id: app.id,
    name: app.name,
    secret: app.secret,
    description: app.description,
    type: app.type,
    oidcClientMetadata: {
      redirectUris: app.redirectUris,
      postLogoutRedirectUris: app.postLogoutRedirectUris,
    },
    customClientMetadata: app.customClientMetadata,
    protectedAppMetadata: null,
    customData: app.customData,
    isThirdParty: app.isThirdParty,
    createdAt: app.createdAt,
  };
}

export async function findApplication(db: Queryable, id: string): Promise<ApplicationRecord | undefined> {
  const { rows } = await db.query<ApplicationRow>(`select ${COLUMNS} from applications where id = $1`, [id]);
  return rows[0] && toRecord(rows[0]);
}

export async function listApplications(db: Queryable, types: readonly string[] | undefined): Promise<ApplicationRecord[]> {
  const { rows } = types?.length
    ? await db.query<ApplicationRow>(
        `select ${COLUMNS} from applications where type = any($1::text[]) order by created_at desc, id`,
        [types],
      )
    : await db.query<ApplicationRow>(`select ${COLUMNS} from applications order by created_at desc, id`);
  return rows.map(toRecord);
}

export interface NewApplication {
  id: string;
  name: string;
  secret: string;
  description?: string | null;
  type: ApplicationType;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
}

export async function insertApplication(db: Queryable, app: NewApplication): Promise<void> {
  await db.query(
    `insert into applications (id, name, secret, description, type, redirect_uris, post_logout_redirect_uris, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      app.id,
      app.name,
      app.secret,
      app.description ?? null,
      app.type,
      JSON.stringify(app.redirectUris ?? []),
      JSON.stringify(app.postLogoutRedirectUris ?? []),
      Date.now(),
    ],
  );
}

export interface ApplicationPatch {
  name?: string;
  description?: string | null;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  customClientMetadata?: Record<string, unknown>;
  customData?: Record<string, unknown>;
}

export async function updateApplication(
  db: Queryable,
  id: string,
  patch: ApplicationPatch,
): Promise<ApplicationRecord | undefined> {
  const columns: Record<keyof ApplicationPatch, string> = {
    name: 'name',
    description: 'description',
    redirectUris: 'redirect_uris',
    postLogoutRedirectUris: 'post_logout_redirect_uris',
    customClientMetadata: 'custom_client_metadata',
    customData: 'custom_data',
  };
  const values: unknown[] = [id];
  const assignments = patchAssignments(patch, columns, values);
  if (assignments.length === 0) {
    return findApplication(db, id);
  }
  const { rows } = await db.query<ApplicationRow>(
    `update applications set ${assignments.join(', ')} where id = $1 returning ${COLUMNS}`,
    values,
  );
  return rows[0] && toRecord(rows[0]);
}

export async function deleteApplication(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('delete from applications where id = $1 returning id', [id]);
  return rows.length > 0;
}

export interface ApplicationSecretRecord {
  applicationId: string;
  name: string;
  value: string;
  createdAt: number;
  expiresAt: number | null;
}

export function toApiApplicationSecret(secret: ApplicationSecretRecord) {
  return { tenantId: 'default', ...secret };
}

export async function insertApplicationSecret(db: Queryable, secret: Omit<ApplicationSecretRecord, 'createdAt'>): Promise<ApplicationSecretRecord> {
  const createdAt = Date.now();
  await db.query('insert into application_secrets (application_id, name, value, created_at, expires_at) values ($1, $2, $3, $4, $5)', [
    secret.applicationId,
    secret.name,
    secret.value,
    createdAt,
    secret.expiresAt,
  ]);
  return { ...secret, createdAt };
}

export async function listApplicationSecrets(db: Queryable, applicationId: string): Promise<ApplicationSecretRecord[]> {
  const { rows } = await db.query<{ application_id: string; name: string; value: string; created_at: string; expires_at: string | null }>(
    'select application_id, name, value, created_at, expires_at from application_secrets where application_id = $1 order by created_at, name',
    [applicationId],
  );
  return rows.map((row) => ({
    applicationId: row.application_id,
    name: row.name,
    value: row.value,
    createdAt: Number(row.created_at),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  }));
}

/**
 * The secret the token endpoint checks: the newest unexpired application secret, else the
 * application's own `secret` column (the seeded apps). oidc-provider takes one secret per client.
 */
export async function findClientSecret(db: Queryable, app: ApplicationRecord, now = Date.now()): Promise<string> {
  const { rows } = await db.query<{ value: string }>(
    `select value from application_secrets where application_id = $1 and (expires_at is null or expires_at > $2)
     order by created_at desc limit 1`,
    [app.id, now],
  );
  return rows[0]?.value ?? app.secret;
}
