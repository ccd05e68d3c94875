import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * Logto adds its own `code` and an English `message` to every OAuth error body.
 * The texts are Logto's, including the placeholder it leaves in `invalid_scope`.
 */
const MESSAGES: Record<string, string> = {
  invalid_scope: 'Invalid scope: {{error_description}}.',
  invalid_token: 'Invalid token provided.',
  invalid_client_metadata: 'Invalid client metadata provided.',
  invalid_request: 'Request is invalid.',
  invalid_grant: 'Grant request is invalid.',
  invalid_redirect_uri: "`redirect_uri` did not match any of the client's registered `redirect_uris`.",
  access_denied: 'Access denied.',
  invalid_target: 'Invalid resource indicator.',
  unsupported_grant_type: 'Unsupported `grant_type` requested.',
  unsupported_response_mode: 'Unsupported `response_mode` requested.',
  unsupported_response_type: 'Unsupported `response_type` requested.',
  server_error: 'An unknown OIDC error occurred. Please try again later.',
};

export function logtoOidcMessage(error: string): string {
  return MESSAGES[error] ?? `An OIDC error occurred: oidc.${error}.`;
}

function isErrorBody(body: unknown): body is Record<string, unknown> & { error: string } {
  return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string';
}

/** Koa middleware that rewrites oidc-provider's JSON error bodies into Logto's. */
export async function logtoErrorBodies(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  const { body } = ctx;
  if (ctx.status >= 400 && isErrorBody(body) && !('code' in body)) {
    ctx.body = { code: `oidc.${body.error}`, message: logtoOidcMessage(body.error), ...body };
  }
}

/**
 * Logto's oidc-provider has no RFC 8414 metadata route and answers unknown
 * paths under /oidc with a JSON `invalid_request`; oidc-provider 9 serves the
 * metadata and answers unknown paths with an empty 404.
 */
export async function logtoUnknownRoutes(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  if (ctx.path !== '/.well-known/oauth-authorization-server') {
    await next();
  }
  if (ctx.status === 404 && ctx.body === undefined) {
    ctx.status = 404;
    ctx.body = {
      error: 'invalid_request',
      error_description: `unrecognized route or not allowed method (${ctx.method} on ${ctx.path})`,
    };
  }
}
