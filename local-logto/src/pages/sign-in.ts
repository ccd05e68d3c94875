import { DEMO_PASSWORD, DEMO_USERS, MIN_PASSWORD_LENGTH } from '../constants.js';
import { escapeHtml, renderPage, scriptJson } from './layout.js';
import { renderBrandingHead, renderBrandingLogo, type SignInBranding } from './sign-in-branding.js';
import { signInMfaScript } from './sign-in-mfa.js';
import { renderTotpForm } from './totp-step.js';

export type SignInMode = 'sign-in' | 'register';

export interface SignInPageOptions {
  mode: SignInMode;
  appName: string;
  appId: string;
  loginHint?: string;
  /** The authorization request's organization (`organization_id`) and its branding. */
  organizationId?: string;
  branding?: SignInBranding;
}

/**
 * Plain HTML forms; a small script drives Logto's Experience API exactly as a
 * test script would (PUT /api/experience, verification, identification,
 * submit) and shows each error next to the field it concerns.
 */
export function renderSignInPage({ mode, appName, appId, loginHint, organizationId, branding = {} }: SignInPageOptions): string {
  const register = mode === 'register';
  const title = register ? 'Create account' : 'Sign in';
  const otherHref = `${register ? '/sign-in' : '/register'}?app_id=${encodeURIComponent(appId)}${organizationId ? `&organization_id=${encodeURIComponent(organizationId)}` : ''}`;
  const demoUsers = DEMO_USERS.map((user) => `<code>${escapeHtml(user.primaryEmail)}</code>`).join(', ');

  const body = `<div class="card">
${renderBrandingLogo(branding)}
<h1>${title}</h1>
<p class="muted">to continue to <strong>${escapeHtml(appName)}</strong></p>
<form id="experience-form" novalidate>
  <p id="form-error" class="error" role="alert"></p>
  <div class="field">
    <label for="identifier">Email or username</label>
    <input id="identifier" name="identifier" type="text" autocomplete="username" autocapitalize="none" spellcheck="false"
      required autofocus value="${escapeHtml(loginHint ?? '')}" aria-describedby="identifier-error">
    <p id="identifier-error" class="error"></p>
  </div>
  <div class="field">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" required
      autocomplete="${register ? 'new-password' : 'current-password'}" aria-describedby="password-hint password-error">
    ${register ? `<p id="password-hint" class="muted">At least ${MIN_PASSWORD_LENGTH} characters.</p>` : '<span id="password-hint" hidden></span>'}
    <p id="password-error" class="error"></p>
  </div>
  <button id="submit" type="submit">${register ? 'Create account' : 'Sign in'}</button>
</form>
${renderTotpForm()}
<p class="switch">${
    register
      ? `Already have an account? <a href="${escapeHtml(otherHref)}">Sign in</a>`
      : `No account yet? <a href="${escapeHtml(otherHref)}">Create account</a>`
  }</p>
${
  register
    ? ''
    : `<div class="hint muted"><p>Demo accounts: ${demoUsers} (or their usernames), password <code>${escapeHtml(DEMO_PASSWORD)}</code>.</p></div>`
}
</div>`;

  return renderPage({ title, body, script: signInScript(register), head: renderBrandingHead(branding) });
}

function signInScript(register: boolean): string {
  const messages = {
    identifierMissing: 'Enter your email or username.',
    identifierInvalid: 'Usernames start with a letter or an underscore and contain only letters, digits and underscores.',
    emailInvalid: 'Enter a valid email address.',
    passwordMissing: 'Enter your password.',
    invalidCredentials: 'Incorrect email, username or password.',
    usernameTaken: 'This username is already taken.',
    emailTaken: 'An account with this email already exists.',
    tooShort: `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
    tooLong: 'Use at most 256 characters.',
    sequence: 'Avoid passwords made mostly of repeated or sequential characters, such as "aaaa" or "1234".',
    userInfo: 'Do not include your username or email in the password.',
    sessionLost: 'This sign-in has expired. Go back to the app and start again.',
    suspended: 'This account is suspended.',
    unexpected: 'Something went wrong. Please try again.',
    busy: register ? 'Creating account…' : 'Signing in…',
  };

  return `${signInMfaScript()}
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
