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
import { fill, HOME_TEXT, pickLocale, SIGN_IN_TEXT, type PageLocale } from './locale.js';
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

export function registerPageRoutes(
  router: Router,
  { provider, db, endpoint, appUrl }: { provider: Provider; db: Queryable; endpoint: string; appUrl?: string },
): void {
  // Reached with the back button after a sign-in finished, or from a bookmark: say so, and lead
  // back to the app when this server knows it (`--app-url`).
  const noSignIn = (locale: PageLocale) => {
    const text = SIGN_IN_TEXT[locale];
    return renderMessagePage(text.noSignInTitle, text.noSignIn, locale, appUrl ? { href: appUrl, text: text.backToApp } : undefined);
  };

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
    // The same language as the sign-in page of this interaction.
    const locale = pickLocale(interaction.params.ui_locales, req.headers['accept-language']);
    return html(200, renderConsentPage(app?.name ?? appId, locale));
  });

  router.get('/', async ({ req }) => html(200, renderHomePage(endpoint, pickLocale(undefined, req.headers['accept-language']))));
}

function renderHomePage(origin: string, locale: PageLocale): string {
  const text = HOME_TEXT[locale];
  const demoUsers = fill(text.demoUsersValue, { users: DEMO_USERS.map((user) => user.primaryEmail).join(', '), password: DEMO_PASSWORD });
  const rows = [
    [text.issuer, `${origin}/oidc`],
    [text.discovery, `${origin}/oidc/.well-known/openid-configuration`],
    [text.managementApi, `${origin}/api`],
    [text.webApp, `${WEB_APP_ID} / ${WEB_APP_SECRET}`],
    [text.m2mApp, `${M2M_APP_ID} / ${M2M_APP_SECRET}`],
    [text.demoUsers, demoUsers],
  ]
    .map(([name = '', value = '']) => `<tr><th scope="row">${escapeHtml(name)}</th><td><code>${escapeHtml(value)}</code></td></tr>`)
    .join('');
  return renderPage({
    title: text.title,
    wide: true,
    locale,
    body: `<div class="card"><h1>${escapeHtml(text.title)}</h1>
<p>${escapeHtml(text.intro)}</p>
<table>${rows}</table>
<p>${text.outbox}</p></div>`,
  });
}
