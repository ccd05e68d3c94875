import type { IncomingMessage, ServerResponse } from 'node:http';

import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';

import { DEMO_PASSWORD, DEMO_USERS, M2M_APP_ID, M2M_APP_SECRET, WEB_APP_ID, WEB_APP_SECRET } from '../constants.js';
import type { Queryable } from '../db/database.js';
import { html } from '../http/responses.js';
import type { Router } from '../http/router.js';
import { findApplication } from '../store/applications.js';
import { renderConsentPage } from './consent.js';
import { escapeHtml, renderMessagePage, renderPage } from './layout.js';
import { pickLocale, SIGN_IN_TEXT, type PageLocale } from './locale.js';
import { renderSignInPage, type SignInMode } from './sign-in.js';
import { resolveSignInBranding } from './sign-in-branding.js';

async function currentInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Interaction | undefined> {
  try {
    return await provider.interactionDetails(req, res);
  } catch {
    return undefined;
  }
}

const noSignIn = (locale: PageLocale) => renderMessagePage(SIGN_IN_TEXT[locale].noSignInTitle, SIGN_IN_TEXT[locale].noSignIn, locale);

export function registerPageRoutes(
  router: Router,
  { provider, db, endpoint }: { provider: Provider; db: Queryable; endpoint: string },
): void {
  const signInPage = (mode: SignInMode) =>
    async ({ req, res }: { req: IncomingMessage; res: ServerResponse }) => {
      const interaction = await currentInteraction(provider, req, res);
      // The app's language (ui_locales of the authorization request), else the browser's.
      const locale = pickLocale(interaction?.params.ui_locales, req.headers['accept-language']);
      if (!interaction) {
        return html(400, noSignIn(locale));
      }
      const appId = String(interaction.params.client_id ?? '');
      const app = await findApplication(db, appId);
      const loginHint = typeof interaction.params.login_hint === 'string' ? interaction.params.login_hint : undefined;
      const organizationId = typeof interaction.params.organization_id === 'string' ? interaction.params.organization_id : undefined;
      const branding = await resolveSignInBranding(db, organizationId);
      return html(200, renderSignInPage({ mode, appId, appName: app?.name ?? appId, loginHint, locale, organizationId, branding }));
    };

  router.get('/sign-in', signInPage('sign-in'));
  router.get('/register', signInPage('register'));

  router.get('/consent', async ({ req, res }) => {
    const interaction = await currentInteraction(provider, req, res);
    if (!interaction) {
      return html(400, noSignIn(pickLocale(undefined, req.headers['accept-language'])));
    }
    const appId = String(interaction.params.client_id ?? '');
    const app = await findApplication(db, appId);
    return html(200, renderConsentPage(app?.name ?? appId));
  });

  router.get('/', async () => html(200, renderHomePage(endpoint)));
}

function renderHomePage(origin: string): string {
  const rows = [
    ['OpenID Connect issuer', `${origin}/oidc`],
    ['Discovery', `${origin}/oidc/.well-known/openid-configuration`],
    ['Management API', `${origin}/api`],
    ['Web app', `${WEB_APP_ID} / ${WEB_APP_SECRET}`],
    ['Management API app (M2M)', `${M2M_APP_ID} / ${M2M_APP_SECRET}`],
    ['Demo users', `${DEMO_USERS.map((user) => user.primaryEmail).join(', ')} (password ${DEMO_PASSWORD})`],
  ]
    .map(([name = '', value = '']) => `<tr><th scope="row">${escapeHtml(name)}</th><td><code>${escapeHtml(value)}</code></td></tr>`)
    .join('');
  return renderPage({
    title: 'Local Logto',
    wide: true,
    body: `<div class="card"><h1>Local Logto</h1>
<p>A Logto-compatible server for development and tests. Every credential below is public and for development only.</p>
<table>${rows}</table>
<p><a href="/outbox">Outbox</a>: e-mails this server "sent" (organization invitations).</p></div>`,
  });
}
