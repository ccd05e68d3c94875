import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

import { ORGANIZATION_AUDIENCE_PREFIX, TTL } from '../constants.js';
import type { Queryable } from '../db/database.js';
import { escapeHtml, renderPage } from '../pages/layout.js';
import { CLAIMS_BY_SCOPE, createFindAccount } from './account.js';
import { createAdapterFactory } from './adapter.js';
import { logtoErrorBodies, logtoOidcMessage, logtoUnknownRoutes } from './errors.js';
import { installLogtoGrants, shouldRotateRefreshToken } from './grants.js';
import { createIdTokenShapeMiddleware } from './id-token-shape.js';
import type { SigningKey } from './keys.js';
import { createGetResourceServerInfo } from './resources.js';

export interface OidcProviderOptions {
  issuer: string;
  db: Queryable;
  signingKey: SigningKey;
  cookieKeys: string[];
}

/** Logto's sign-in app paths; the pages module serves them. */
export function interactionPath(prompt: string, params: Record<string, unknown>): string {
  const query = new URLSearchParams({ app_id: String(params.client_id ?? '') });
  // Logto passes the branding organization on to its sign-in page (not to consent).
  if (prompt !== 'consent' && typeof params.organization_id === 'string') query.set('organization_id', params.organization_id);
  if (prompt === 'consent') {
    return `/consent?${query.toString()}`;
  }
  const register = params.first_screen === 'register' || params.interaction_mode === 'signUp';
  return `${register ? '/register' : '/sign-in'}?${query.toString()}`;
}

function renderHtmlError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): void {
  ctx.type = 'html';
  ctx.body = renderPage({
    title: 'Sign-in error',
    body: `<div class="card"><h1>Something went wrong</h1>
<p>${escapeHtml(logtoOidcMessage(out.error))}</p>
<p class="muted"><code>oidc.${escapeHtml(out.error)}</code>${out.error_description ? `: ${escapeHtml(out.error_description)}` : ''}</p></div>`,
  });
}

export function createOidcProvider({ issuer, db, signingKey, cookieKeys }: OidcProviderOptions): Provider {
  const findAccount = createFindAccount(db);

  const configuration: Configuration = {
    adapter: createAdapterFactory(db),
    findAccount,
    jwks: { keys: [signingKey.privateJwk] },
    cookies: {
      keys: cookieKeys,
      // The Experience API under /api reads the interaction cookie, so it cannot
      // be scoped to the sign-in page path.
      short: { path: '/', httpOnly: true, sameSite: 'lax', signed: true },
      long: { path: '/', httpOnly: true, sameSite: 'lax', signed: true },
    },
    claims: CLAIMS_BY_SCOPE,
    scopes: Object.keys(CLAIMS_BY_SCOPE).concat('offline_access'),
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    enabledJWA: {
      idTokenSigningAlgValues: ['ES384'],
      userinfoSigningAlgValues: ['ES384'],
      introspectionSigningAlgValues: ['ES384'],
    },
    clientDefaults: {
      id_token_signed_response_alg: 'ES384',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    extraParams: ['first_screen', 'interaction_mode', 'organization_id', 'direct_sign_in', 'identifier'],
    interactions: {
      url: (_ctx, interaction) => interactionPath(interaction.prompt.name, interaction.params),
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // A client may inspect and revoke only its own tokens.
      introspection: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => {
          if (token.clientId !== client.clientId) {
            throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
          }
          return true;
        },
      },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf,
        getResourceServerInfo: createGetResourceServerInfo(db),
        useGrantedResource: () => false,
      },
      rpInitiatedLogout: {
        enabled: true,
        // No confirmation screen, as Logto: the form submits itself and ends the whole session.
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = renderPage({
            title: 'Signing out',
            body: `<div class="card"><h1>Signing out…</h1>${form.replace(
              '</form>',
              '<input type="hidden" name="logout" value="yes"/><noscript><button type="submit">Continue signing out</button></noscript></form>',
            )}</div>`,
            script: "document.getElementById('op.logoutForm').submit();",
          });
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = renderPage({
            title: 'Signed out',
            body: '<div class="card"><h1>Signed out</h1><p>You are signed out of the local development server.</p></div>',
          });
        },
      },
    },
    // Logto answers errors as JSON; browsers get a readable page instead.
    renderError: (ctx, out) => {
      if (ctx.accepts('json', 'html') === 'html') {
        renderHtmlError(ctx, out);
      } else {
        ctx.type = 'json';
        ctx.body = out;
      }
    },
    rotateRefreshToken: shouldRotateRefreshToken,
    formats: {
      customizers: {
        // Logto always puts `scope` in user access tokens, even when it is empty.
        jwt: (ctx, token, jwt) => {
          if ('accountId' in token && token.accountId && jwt.payload.scope === undefined) {
            jwt.payload.scope = token.scope ?? '';
          }
          // Machine tokens: an organization token carries `scope` even when empty; a resource
          // token asked for with `organization_id` names the organization (as Logto 1.37).
          if (token.kind === 'ClientCredentials') {
            const organizationId = ctx.oidc.params?.organization_id;
            if (typeof jwt.payload.aud === 'string' && jwt.payload.aud.startsWith(ORGANIZATION_AUDIENCE_PREFIX)) {
              jwt.payload.scope ??= token.scope ?? '';
            } else if (typeof organizationId === 'string' && organizationId !== '') {
              jwt.payload.organization_id = organizationId;
            }
          }
        },
      },
    },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? TTL.accessToken,
      AuthorizationCode: TTL.authorizationCode,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? TTL.clientCredentials,
      Grant: TTL.grant,
      IdToken: TTL.idToken,
      Interaction: TTL.interaction,
      RefreshToken: TTL.refreshToken,
      Session: TTL.session,
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.use(logtoErrorBodies);
  provider.use(logtoUnknownRoutes);
  provider.use(createIdTokenShapeMiddleware(signingKey.privateJwk));
  installLogtoGrants(provider, { db, findAccount });
  // oidc-provider answers its own crashes with a bare server_error; the cause belongs in the console.
  provider.on('server_error', (_ctx, error) => {
    console.error('Local Logto: oidc-provider server error:', error);
  });
  return provider;
}
