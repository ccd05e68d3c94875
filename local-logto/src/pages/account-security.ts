import type { IncomingMessage, ServerResponse } from 'node:http';

import type Provider from 'oidc-provider';
import { z } from 'zod';

import type { Database } from '../db/database.js';
import { invalidTotpCode, totpAccountName, totpQrCode } from '../experience/mfa-routes.js';
import { ApiError, html, ok, readJsonBody } from '../http/responses.js';
import type { Router } from '../http/router.js';
import { parseInput } from '../http/validation.js';
import { generateTotpSecret, isValidTotpSecret, matchTotp } from '../mfa/totp.js';
import { bindTotp, findTotp, spendTotpTimeStep } from '../store/mfa-verifications.js';
import { findUserById, type UserRecord } from '../store/users.js';
import { escapeHtml, renderPage, scriptJson } from './layout.js';
import { ACCOUNT_SECURITY_TEXT, fill, pickLocale, type PageLocale } from './locale.js';
import { renderTotpForm, totpStepScript } from './totp-step.js';

// The local stand-in for Logto's account center security page (`/account/security`, where a
// real Logto's users set up MFA), so the app's "set up two-step verification" link has a
// target here. It knows the user from the Logto session the sign-in left, like the account
// center, but offers TOTP only, and its two calls are this server's own (`/account/api/...`),
// authenticated by that session cookie: Logto's Account API wants an access token instead.

const bindBody = z.object({ secret: z.string(), code: z.string().min(1) });

function notSignedIn(): ApiError {
  return new ApiError(401, 'auth.unauthorized', 'Unauthorized. Please check credentials and its permissions.');
}

/** The user of the browser's Logto session, if it has one. */
async function sessionUser(provider: Provider, database: Database, req: IncomingMessage, res: ServerResponse) {
  // oidc-provider's Session.get reads and checks the session cookie; it is not in its types.
  const sessions = provider.Session as unknown as { get(ctx: unknown): Promise<{ accountId?: string }> };
  const session = await sessions.get(provider.createContext(req, res));
  return session.accountId ? findUserById(database, session.accountId) : undefined;
}

/** Cookie-authenticated JSON calls: a JSON body, which no cross-site form can send. */
function requireJson(req: IncomingMessage): void {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new ApiError(400, 'guard.invalid_input', 'The request body is invalid.');
  }
}

function renderAccountSecurityPage(user: UserRecord | undefined, enrolledAt: number | undefined, locale: PageLocale): string {
  const text = ACCOUNT_SECURITY_TEXT[locale];
  if (!user) {
    return renderPage({
      title: text.title,
      locale,
      body: `<div class="card"><h1>${escapeHtml(text.signedOutHeading)}</h1><p>${escapeHtml(text.signedOut)}</p></div>`,
    });
  }
  const status =
    enrolledAt === undefined
      ? `<p id="mfa-status">${escapeHtml(text.notEnrolled)}</p>
<p id="setup-error" class="error" role="alert"></p>
<button id="setup" type="button">${escapeHtml(text.setUp)}</button>`
      : `<p id="mfa-status">${escapeHtml(fill(text.enrolled, { date: new Date(enrolledAt).toISOString().slice(0, 10) }))}</p>`;
  const body = `<div class="card">
<h1>${escapeHtml(text.title)}</h1>
<p class="muted">${fill(text.signedInAs, { user: escapeHtml(totpAccountName(user)) })}</p>
${status}
${renderTotpForm(locale)}
<p id="done" role="status"></p>
</div>`;
  const script =
    enrolledAt === undefined
      ? `${totpStepScript(locale)}
const text = ${scriptJson({ done: text.done, unexpected: text.unexpected })};
async function call(path, body) {
  const response = await fetch(path, {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) { const error = new Error(data.message); error.code = data.code; throw error; }
  return data;
}
const setup = document.getElementById('setup');
setup.addEventListener('click', async () => {
  setup.disabled = true;
  try {
    const secret = await call('/account/api/totp-secret', {});
    setup.hidden = true;
    startTotpStep({
      enrol: secret,
      onCode: async (code) => {
        await call('/account/api/totp', { secret: secret.secret, code });
        document.getElementById('totp-form').hidden = true;
        document.getElementById('mfa-status').hidden = true;
        document.getElementById('done').textContent = text.done;
      },
    });
  } catch {
    document.getElementById('setup-error').textContent = text.unexpected;
    setup.disabled = false;
  }
});
`
      : undefined;
  return renderPage({ title: text.title, body, script, locale });
}

export function registerAccountSecurityRoutes(
  router: Router,
  { provider, database, hostname }: { provider: Provider; database: Database; hostname: string },
): void {
  router.get('/account/security', async ({ req, res }) => {
    const user = await sessionUser(provider, database, req, res);
    const factor = user ? await findTotp(database, user.id) : undefined;
    // Reached by a link from the app, not from a sign-in: the browser's language decides.
    return html(200, renderAccountSecurityPage(user, factor?.createdAt, pickLocale(undefined, req.headers['accept-language'])));
  });

  // A new secret to show; nothing is stored until a code for it comes back.
  router.post('/account/api/totp-secret', async ({ req, res }) => {
    requireJson(req);
    const user = await sessionUser(provider, database, req, res);
    if (!user) {
      throw notSignedIn();
    }
    const secret = generateTotpSecret();
    return ok({ secret, secretQrCode: await totpQrCode(secret, user, hostname) });
  });

  router.post('/account/api/totp', async ({ req, res }) => {
    requireJson(req);
    const user = await sessionUser(provider, database, req, res);
    if (!user) {
      throw notSignedIn();
    }
    const { secret, code } = parseInput(bindBody, await readJsonBody(req));
    if (!isValidTotpSecret(secret)) {
      throw new ApiError(422, 'user.totp_secret_invalid', 'Invalid TOTP secret supplied.');
    }
    if (await findTotp(database, user.id)) {
      throw new ApiError(422, 'user.totp_already_in_use', 'TOTP is already in use.');
    }
    const step = matchTotp(secret, code);
    if (step === undefined) {
      throw invalidTotpCode();
    }
    const factor = await bindTotp(database, user.id, secret);
    // The enrolment code counts as used: it cannot also pass a sign-in verification.
    await spendTotpTimeStep(database, factor.id, step);
    return ok({ id: factor.id, type: factor.type, createdAt: new Date(factor.createdAt).toISOString() });
  });
}
