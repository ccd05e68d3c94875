import type { Queryable } from '../db/database.js';

export interface ResourceRecord {
  id: string;
  name: string;
  indicator: string;
  isDefault: boolean;
  accessTokenTtl: number;
  createdAt: number;
}

interface ResourceRow {
  id: string;
  name: string;
  indicator: string;
  is_default: boolean;
  access_token_ttl: number;
  created_at: number;
}

export const RESOURCE_COLUMNS = 'id, name, indicator, is_default, access_token_ttl, created_at';

export function toResourceRecord(row: ResourceRow): ResourceRecord {
  return {
    id: row.id,
    name: row.name,
    indicator: row.indicator,
    isDefault: row.is_default,
    accessTokenTtl: Number(row.access_token_ttl),
    createdAt: Number(row.created_at),
  };
}

export async function findResourceByIndicator(db: Queryable, indicator: string): Promise<ResourceRecord | undefined> {
  const { rows } = await db.query<ResourceRow>(`select ${RESOURCE_COLUMNS} from resources where indicator = $1`, [
    indicator,
  ]);
  return rows[0] && toResourceRecord(rows[0]);
}

export async function findResourceScopeNames(db: Queryable, resourceId: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>('select name from scopes where resource_id = $1 order by name', [
    resourceId,
  ]);
  return rows.map((row) => row.name);
}

export interface ScopeRecord {
  id: string;
  resourceId: string;
  name: string;
  description: string | null;
  createdAt: number;
}

interface ScopeRow {
  id: string;
  resource_id: string;
  name: string;
  description: string | null;
  created_at: number;
}

export const SCOPE_COLUMNS = 'id, resource_id, name, description, created_at';

export function toScopeRecord(row: ScopeRow): ScopeRecord {
  return {
    id: row.id,
    resourceId: row.resource_id,
    name: row.name,
    description: row.description,
    createdAt: Number(row.created_at),
  };
}

export async function insertResource(
  db: Queryable,
  input: { id: string; name: string; indicator: string; accessTokenTtl?: number },
): Promise<ResourceRecord> {
  const { rows } = await db.query<ResourceRow>(
    `insert into resources (id, name, indicator, access_token_ttl, created_at) values ($1, $2, $3, $4, $5)
     returning ${RESOURCE_COLUMNS}`,
    [input.id, input.name, input.indicator, input.accessTokenTtl ?? 3600, Date.now()],
  );
  const row = rows[0];
  if (!row) {
    throw new Error('insert into resources returned no row');
  }
  return toResourceRecord(row);
}

export async function insertScope(
  db: Queryable,
  input: { id: string; resourceId: string; name: string; description?: string | null },
): Promise<ScopeRecord> {
  const { rows } = await db.query<ScopeRow>(
    `insert into scopes (id, resource_id, name, description, created_at) values ($1, $2, $3, $4, $5)
     returning ${SCOPE_COLUMNS}`,
    [input.id, input.resourceId, input.name, input.description ?? null, Date.now()],
  );
  const row = rows[0];
  if (!row) {
    throw new Error('insert into scopes returned no row');
  }
  return toScopeRecord(row);
}

export function toApiResource(resource: ResourceRecord) {
  return {
    tenantId: 'default',
    id: resource.id,
    name: resource.name,
    indicator: resource.indicator,
    isDefault: resource.isDefault,
    accessTokenTtl: resource.accessTokenTtl,
  };
}

export function toApiScope(scope: ScopeRecord) {
  return { tenantId: 'default', ...scope };
}

export async function findResource(db: Queryable, id: string): Promise<ResourceRecord | undefined> {
  const { rows } = await db.query<ResourceRow>(`select ${RESOURCE_COLUMNS} from resources where id = $1`, [id]);
  return rows[0] && toResourceRecord(rows[0]);
}

export async function listResources(
  db: Queryable,
  page: { limit: number; offset: number } | undefined,
): Promise<{ resources: ResourceRecord[]; total: number }> {
  const { rows: countRows } = await db.query<{ total: number }>('select count(*)::int as total from resources');
  const { rows } = page
    ? await db.query<ResourceRow>(
        `select ${RESOURCE_COLUMNS} from resources order by created_at, id limit $1 offset $2`,
        [page.limit, page.offset],
      )
    : await db.query<ResourceRow>(`select ${RESOURCE_COLUMNS} from resources order by created_at, id`);
  return { resources: rows.map(toResourceRecord), total: countRows[0]?.total ?? 0 };
}

export async function updateResource(
  db: Queryable,
  id: string,
  patch: { name?: string; accessTokenTtl?: number; isDefault?: boolean },
): Promise<ResourceRecord | undefined> {
  if (patch.isDefault) {
    // Logto has at most one default API resource.
    await db.query('update resources set is_default = false where id <> $1', [id]);
  }
  const { rows } = await db.query<ResourceRow>(
    `update resources set
       name = coalesce($2, name),
       access_token_ttl = coalesce($3, access_token_ttl),
       is_default = coalesce($4, is_default)
     where id = $1 returning ${RESOURCE_COLUMNS}`,
    [id, patch.name ?? null, patch.accessTokenTtl ?? null, patch.isDefault ?? null],
  );
  return rows[0] && toResourceRecord(rows[0]);
}

export async function deleteResource(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('delete from resources where id = $1 returning id', [id]);
  return rows.length > 0;
}

export async function listResourceScopes(
  db: Queryable,
  resourceIds: readonly string[],
  page?: { limit: number; offset: number },
): Promise<{ scopes: ScopeRecord[]; total: number }> {
  const { rows: countRows } = await db.query<{ total: number }>(
    'select count(*)::int as total from scopes where resource_id = any($1::text[])',
    [resourceIds],
  );
  const { rows } = await db.query<ScopeRow>(
    `select ${SCOPE_COLUMNS} from scopes where resource_id = any($1::text[]) order by created_at, id
     ${page ? 'limit $2 offset $3' : ''}`,
    page ? [resourceIds, page.limit, page.offset] : [resourceIds],
  );
  return { scopes: rows.map(toScopeRecord), total: countRows[0]?.total ?? 0 };
}

export async function findScope(db: Queryable, id: string): Promise<ScopeRecord | undefined> {
  const { rows } = await db.query<ScopeRow>(`select ${SCOPE_COLUMNS} from scopes where id = $1`, [id]);
  return rows[0] && toScopeRecord(rows[0]);
}

export async function updateScope(
  db: Queryable,
  id: string,
  patch: { name?: string; description?: string | null },
): Promise<ScopeRecord | undefined> {
  const { rows } = await db.query<ScopeRow>(
    `update scopes set
       name = coalesce($2, name),
       description = case when $3::boolean then $4 else description end
     where id = $1 returning ${SCOPE_COLUMNS}`,
    [id, patch.name ?? null, patch.description !== undefined, patch.description ?? null],
  );
  return rows[0] && toScopeRecord(rows[0]);
}

export async function deleteScope(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('delete from scopes where id = $1 returning id', [id]);
  return rows.length > 0;
}
