import { DEMO_PASSWORD, DEMO_USERS, MIN_PASSWORD_LENGTH } from '../constants.js';
import { escapeHtml, renderPage, scriptJson } from './layout.js';
import { fill, SIGN_IN_TEXT, type PageLocale } from './locale.js';
import { renderBrandingHead, renderBrandingLogo, type SignInBranding } from './sign-in-branding.js';
import { signInMfaScript } from './sign-in-mfa.js';
import { renderTotpForm } from './totp-step.js';

export type SignInMode = 'sign-in' | 'register';

export interface SignInPageOptions {
  mode: SignInMode;
  appName: string;
  appId: string;
  loginHint?: string;
  /** From `ui_locales`, else Accept-Language (locale.ts). */
  locale?: PageLocale;
  /** The authorization request's organization (`organization_id`) and its branding. */
  organizationId?: string;
  branding?: SignInBranding;
}

/**
 * Plain HTML forms; a small script drives Logto's Experience API exactly as a
 * test script would (PUT /api/experience, verification, identification,
 * submit) and shows each error next to the field it concerns.
 */
export function renderSignInPage({ mode, appName, appId, loginHint, locale = 'en', organizationId, branding = {} }: SignInPageOptions): string {
  const register = mode === 'register';
  const text = SIGN_IN_TEXT[locale];
  const title = register ? text.createAccount : text.signIn;
  const otherHref = `${register ? '/sign-in' : '/register'}?app_id=${encodeURIComponent(appId)}${organizationId ? `&organization_id=${encodeURIComponent(organizationId)}` : ''}`;
  const demoUsers = DEMO_USERS.map((user) => `<code>${escapeHtml(user.primaryEmail)}</code>`).join(', ');

  const body = `<div class="card">
${renderBrandingLogo(branding)}
<h1>${title}</h1>
<p class="muted">${fill(text.continueTo, { app: escapeHtml(appName) })}</p>
<form id="experience-form" novalidate>
  <p id="form-error" class="error" role="alert"></p>
  <div class="field">
    <label for="identifier">${text.identifier}</label>
    <input id="identifier" name="identifier" type="text" autocomplete="username" autocapitalize="none" spellcheck="false"
      required autofocus value="${escapeHtml(loginHint ?? '')}" aria-describedby="identifier-error">
    <p id="identifier-error" class="error"></p>
  </div>
  <div class="field">
    <label for="password">${text.password}</label>
    <input id="password" name="password" type="password" required
      autocomplete="${register ? 'new-password' : 'current-password'}" aria-describedby="password-hint password-error">
    ${register ? `<p id="password-hint" class="muted">${fill(text.passwordHint, { min: MIN_PASSWORD_LENGTH })}</p>` : '<span id="password-hint" hidden></span>'}
    <p id="password-error" class="error"></p>
  </div>
  <button id="submit" type="submit">${title}</button>
</form>
${renderTotpForm(locale)}
<p class="switch">${
    register
      ? `${text.haveAccount} <a href="${escapeHtml(otherHref)}">${text.signIn}</a>`
      : `${text.noAccount} <a href="${escapeHtml(otherHref)}">${text.createAccount}</a>`
  }</p>
${
  register
    ? ''
    : `<div class="hint muted"><p>${fill(text.demoAccounts, { users: demoUsers, password: `<code>${escapeHtml(DEMO_PASSWORD)}</code>` })}</p></div>`
}
</div>`;

  return renderPage({ title, body, script: signInScript(register, locale), locale, head: renderBrandingHead(branding) });
}

function signInScript(register: boolean, locale: PageLocale): string {
  const text = SIGN_IN_TEXT[locale];
  const messages = {
    identifierMissing: text.identifierMissing,
    identifierInvalid: text.identifierInvalid,
    emailInvalid: text.emailInvalid,
    passwordMissing: text.passwordMissing,
    invalidCredentials: text.invalidCredentials,
    usernameTaken: text.usernameTaken,
    emailTaken: text.emailTaken,
    tooShort: fill(text.tooShort, { min: MIN_PASSWORD_LENGTH }),
    tooLong: text.tooLong,
    sequence: text.sequence,
    userInfo: text.userInfo,
    sessionLost: text.sessionLost,
    suspended: text.suspended,
    unexpected: text.unexpected,
    busy: register ? text.creatingAccount : text.signingIn,
  };

  return `${signInMfaScript(locale)}
const register = ${scriptJson(register)};
const text = ${scriptJson(messages)};
const form = document.getElementById('experience-form');
const button = document.getElementById('submit');
const idleLabel = button.textContent;

function setError(field, message) {
  const target = document.getElementById(field + '-error');
  target.textContent = message || '';
  const input = document.getElementById(field);
  if (input) {
    if (message) { input.setAttribute('aria-invalid', 'true'); } else { input.removeAttribute('aria-invalid'); }
  }
}

function fail(field, message) {
  setError(field, message);
  const input = document.getElementById(field);
  if (input) { input.focus(); }
  return false;
}

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('content-type') || '';
  const data = type.includes('application/json') ? await response.json() : undefined;
  if (!response.ok) {
    const error = new Error((data && data.message) || response.statusText);
    error.code = data && data.code;
    error.data = data && data.data;
    throw error;
  }
  return data;
}

function passwordMessage(issues) {
  const byCode = {
    'password_rejected.too_short': text.tooShort,
    'password_rejected.too_long': text.tooLong,
    'password_rejected.restricted.sequence': text.sequence,
    'password_rejected.restricted.user_info': text.userInfo,
  };
  return (issues || []).map((issue) => byCode[issue.code] || text.unexpected).join(' ');
}

function showApiError(error) {
  switch (error.code) {
    case 'session.invalid_credentials': return fail('password', text.invalidCredentials);
    case 'user.username_already_in_use': return fail('identifier', text.usernameTaken);
    case 'user.email_already_in_use': return fail('identifier', text.emailTaken);
    case 'password.rejected': return fail('password', passwordMessage(error.data));
    case 'guard.invalid_input': return fail('identifier', text.identifierInvalid);
    case 'user.suspended': return fail('form', text.suspended);
    case 'session.not_found':
    case 'session.identifier_not_found':
    case 'session.verification_session_not_found': return fail('form', text.sessionLost);
    default: return fail('form', text.unexpected);
  }
}

function validate(identifier, password) {
  if (!identifier) { return fail('identifier', text.identifierMissing); }
  if (register && identifier.includes('@') && !/^\\S+@\\S+\\.\\S+$/.test(identifier)) { return fail('identifier', text.emailInvalid); }
  if (register && !identifier.includes('@') && !/^[A-Za-z_]\\w*$/.test(identifier)) { return fail('identifier', text.identifierInvalid); }
  if (!password) { return fail('password', text.passwordMissing); }
  if (register && password.length < ${MIN_PASSWORD_LENGTH}) { return fail('password', text.tooShort); }
  return true;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  ['form', 'identifier', 'password'].forEach((field) => setError(field, ''));
  const identifier = form.identifier.value.trim();
  const password = form.password.value;
  if (!validate(identifier, password)) { return; }

  button.disabled = true;
  button.textContent = text.busy;
  form.setAttribute('aria-busy', 'true');
  try {
    const value = { type: identifier.includes('@') ? 'email' : 'username', value: identifier };
    await call('PUT', '/api/experience', { interactionEvent: register ? 'Register' : 'SignIn' });
    const { verificationId } = register
      ? await call('POST', '/api/experience/verification/new-password-identity', { identifier: value, password })
      : await call('POST', '/api/experience/verification/password', { identifier: value, password });
    await call('POST', '/api/experience/identification', { verificationId });
    const { redirectTo } = await call('POST', '/api/experience/submit');
    window.location.assign(redirectTo);
  } catch (error) {
    if (await continueWithMfa(error).catch(() => false)) { return; }
    showApiError(error);
    button.disabled = false;
    button.textContent = idleLabel;
    form.removeAttribute('aria-busy');
  }
});
`;
}
