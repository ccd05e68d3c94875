/*
 * Types for the two oidc-provider internals the organization token grant uses
 * (oidc-provider is pinned to 9.13.3 in package.json for that reason).
 */

declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  import type Provider from 'oidc-provider';
  import type { KoaContextWithOIDC } from 'oidc-provider';

  interface ProviderInternals {
    grantTypeHandlers: Map<string, (ctx: KoaContextWithOIDC) => Promise<void>>;
  }

  export default function instance(provider: Provider): ProviderInternals;
}

declare module 'oidc-provider/lib/helpers/grant_common.js' {
  import type Provider from 'oidc-provider';
  import type { AccessToken, Grant, KoaContextWithOIDC, RefreshToken } from 'oidc-provider';

  export function issueIdToken(
    provider: Provider,
    ctx: KoaContextWithOIDC,
    source: RefreshToken,
    accessToken: AccessToken,
    grant: Grant,
    scopeOverride?: Set<string>,
  ): Promise<string | undefined>;
}
