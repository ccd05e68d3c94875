import { errors, type Adapter, type AdapterPayload, type ClientMetadata } from 'oidc-provider';

import type { Queryable } from '../db/database.js';
import { findApplication, findClientSecret, type ApplicationRecord } from '../store/applications.js';

/**
 * oidc-provider's storage on PostgreSQL: one table keyed by (model, id) holds
 * sessions, interactions, grants, codes and tokens, so they survive restarts.
 */
class PayloadAdapter implements Adapter {
  constructor(
    private readonly db: Queryable,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    await this.db.query(
      `insert into oidc_payloads (model, id, payload, grant_id, user_code, uid, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (model, id) do update set
         payload = excluded.payload, grant_id = excluded.grant_id, user_code = excluded.user_code,
         uid = excluded.uid, expires_at = excluded.expires_at`,
      [
        this.model,
        id,
        JSON.stringify(payload),
        payload.grantId ?? null,
        payload.userCode ?? null,
        payload.uid ?? null,
        expiresAt,
      ],
    );
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('id = $2', id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid = $2', uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('user_code = $2', userCode);
  }

  async consume(id: string): Promise<void> {
    await this.db.query('update oidc_payloads set consumed_at = now() where model = $1 and id = $2', [this.model, id]);
  }

  async destroy(id: string): Promise<void> {
    await this.db.query('delete from oidc_payloads where model = $1 and id = $2', [this.model, id]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    // Every model of the grant goes: codes, access and refresh tokens alike.
    await this.db.query('delete from oidc_payloads where grant_id = $1', [grantId]);
  }

  private async findWhere(condition: string, value: string): Promise<AdapterPayload | undefined> {
    const { rows } = await this.db.query<{ payload: AdapterPayload; consumed_at: Date | null }>(
      `select payload, consumed_at from oidc_payloads
       where model = $1 and ${condition} and (expires_at is null or expires_at > now())`,
      [this.model, value],
    );
    const row = rows[0];
    if (!row) {
      return undefined;
    }
    return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
  }
}

/**
 * Clients are the `applications` rows, read on every request, so a Management
 * API change of redirect URIs applies at once. Registration is not offered.
 */
class ClientAdapter implements Adapter {
  constructor(private readonly db: Queryable) {}

  /**
   * Like Logto's adapter, an unknown client is an `InvalidClient` error thrown here, which
   * oidc-provider answers with 400 `invalid_client` (not its own 401 "client not found").
   */
  async find(id: string): Promise<AdapterPayload> {
    const app = await findApplication(this.db, id);
    if (!app) throw new errors.InvalidClient(`invalid client ${id}`);
    return toClientMetadata({ ...app, secret: await findClientSecret(this.db, app) });
  }

  async upsert(): Promise<void> {
    throw new Error('clients are managed through the Management API');
  }

  async findByUid(): Promise<undefined> {
    return undefined;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(): Promise<void> {}

  async destroy(): Promise<void> {}

  async revokeByGrantId(): Promise<void> {}
}

export function toClientMetadata(app: ApplicationRecord): ClientMetadata {
  const common = {
    client_id: app.id,
    client_secret: app.secret,
    client_name: app.name,
    token_endpoint_auth_method: 'client_secret_basic',
  } as const;
  if (app.type === 'MachineToMachine') {
    return { ...common, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] };
  }
  return {
    ...common,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
  };
}

export function createAdapterFactory(db: Queryable): (model: string) => Adapter {
  return (model) => (model === 'Client' ? new ClientAdapter(db) : new PayloadAdapter(db, model));
}

/**
 * Ends everything a user holds, as Logto does when it suspends them: sessions, access tokens
 * and refresh tokens (a suspended user also fails `findAccount`, so nothing left can be used).
 */
export async function signOutAccount(db: Queryable, accountId: string): Promise<void> {
  await db.query(`delete from oidc_payloads where model in ('Session', 'AccessToken', 'RefreshToken') and payload->>'accountId' = $1`, [accountId]);
}

/** Expired rows are only garbage; oidc-provider never reads them. */
export async function deleteExpiredPayloads(db: Queryable): Promise<void> {
  await db.query('delete from oidc_payloads where expires_at is not null and expires_at < now()');
}
