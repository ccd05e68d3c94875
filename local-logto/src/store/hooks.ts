import type { Queryable } from '../db/database.js';
import type { HookEvent } from '../hooks/events.js';
import { TENANT_ID } from '../constants.js';
import { patchAssignments } from './sql.js';

/** Logto's hook config: the URL it POSTs to and extra headers (`retries` is kept, as Logto keeps it). */
export interface HookConfig {
  url: string;
  headers?: Record<string, string>;
  retries?: number;
}

export interface HookRecord {
  id: string;
  name: string;
  /** Logto's deprecated single event, `null` unless a client set it. */
  event: HookEvent | null;
  events: HookEvent[];
  config: HookConfig;
  signingKey: string;
  enabled: boolean;
  createdAt: number;
}

interface HookRow {
  id: string;
  name: string;
  event: HookEvent | null;
  events: HookEvent[];
  config: HookConfig;
  signing_key: string;
  enabled: boolean;
  created_at: number;
}

const COLUMNS = 'id, name, event, events, config, signing_key, enabled, created_at';

function toRecord(row: HookRow): HookRecord {
  return {
    id: row.id,
    name: row.name,
    event: row.event,
    events: row.events,
    config: row.config,
    signingKey: row.signing_key,
    enabled: row.enabled,
    createdAt: Number(row.created_at),
  };
}

/** Logto's hook shape: the signing key is part of it. */
export function toApiHook(hook: HookRecord) {
  return {
    tenantId: TENANT_ID,
    id: hook.id,
    name: hook.name,
    event: hook.event,
    events: hook.events,
    config: hook.config,
    signingKey: hook.signingKey,
    enabled: hook.enabled,
    createdAt: hook.createdAt,
  };
}

export type NewHook = Omit<HookRecord, 'createdAt'> & { createdAt?: number };

export async function insertHook(db: Queryable, hook: NewHook): Promise<HookRecord> {
  const { rows } = await db.query<HookRow>(
    `insert into hooks (id, name, event, events, config, signing_key, enabled, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${COLUMNS}`,
    [
      hook.id,
      hook.name,
      hook.event,
      JSON.stringify(hook.events),
      JSON.stringify(hook.config),
      hook.signingKey,
      hook.enabled,
      hook.createdAt ?? Date.now(),
    ],
  );
  const row = rows[0];
  if (!row) {
    throw new Error('insert into hooks returned no row');
  }
  return toRecord(row);
}

/** Newest first, as Logto lists them. */
export async function listHooks(db: Queryable, page?: { limit: number; offset: number }): Promise<HookRecord[]> {
  const paging = page ? ` limit ${page.limit} offset ${page.offset}` : '';
  const { rows } = await db.query<HookRow>(`select ${COLUMNS} from hooks order by created_at desc, id${paging}`);
  return rows.map(toRecord);
}

export async function countHooks(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from hooks');
  return rows[0]?.n ?? 0;
}

export async function findHook(db: Queryable, id: string): Promise<HookRecord | undefined> {
  const { rows } = await db.query<HookRow>(`select ${COLUMNS} from hooks where id = $1`, [id]);
  return rows[0] && toRecord(rows[0]);
}

export interface HookPatch {
  name?: string;
  event?: HookEvent | null;
  events?: HookEvent[];
  config?: HookConfig;
  enabled?: boolean;
  signingKey?: string;
}

/** Replaces the fields the patch defines (objects whole, as Logto's `replace` mode does). */
export async function updateHook(db: Queryable, id: string, patch: HookPatch): Promise<HookRecord | undefined> {
  const values: unknown[] = [id];
  const assignments = patchAssignments(
    patch,
    { name: 'name', event: 'event', events: 'events', config: 'config', enabled: 'enabled', signingKey: 'signing_key' },
    values,
  );
  if (assignments.length === 0) {
    return findHook(db, id);
  }
  const { rows } = await db.query<HookRow>(
    `update hooks set ${assignments.join(', ')} where id = $1 returning ${COLUMNS}`,
    values,
  );
  return rows[0] && toRecord(rows[0]);
}

export async function deleteHook(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query<{ id: string }>('delete from hooks where id = $1 returning id', [id]);
  return rows.length > 0;
}
