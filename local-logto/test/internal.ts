import type { Queryable } from '../src/db/database.js';

/** Moves a refresh token 80% into its lifetime, past the point where Logto rotates it. */
export async function ageRefreshToken(db: Queryable, value: string): Promise<void> {
  const { rows } = await db.query<{ payload: { iat: number; exp: number } }>(
    `select payload from oidc_payloads where model = 'RefreshToken' and id = $1`,
    [value],
  );
  const payload = rows[0]?.payload;
  if (!payload) {
    throw new Error('refresh token not stored');
  }
  const lifetime = payload.exp - payload.iat;
  const iat = payload.iat - Math.ceil(lifetime * 0.8);
  await db.query(
    `update oidc_payloads set payload = payload || $2::jsonb where model = 'RefreshToken' and id = $1`,
    [value, JSON.stringify({ iat, exp: iat + lifetime })],
  );
}
