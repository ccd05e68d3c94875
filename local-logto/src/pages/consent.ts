import { escapeHtml, renderPage, scriptJson } from './layout.js';
import { CONSENT_TEXT, fill, type PageLocale } from './locale.js';

/**
 * Every local app is first-party, so this page never asks: it answers
 * Logto's consent endpoint at once and follows the redirect, like Logto's own
 * sign-in app does for first-party apps. In the sign-in's language (locale.ts).
 */
export function renderConsentPage(appName: string, locale: PageLocale = 'en'): string {
  const text = CONSENT_TEXT[locale];
  const body = `<div class="card">
<h1>${escapeHtml(text.heading)}</h1>
<p>${fill(text.returning, { app: escapeHtml(appName) })}</p>
<p id="form-error" class="error" role="alert"></p>
<noscript><p>${escapeHtml(text.needsScript)}</p></noscript>
<button id="retry" type="button" hidden>${escapeHtml(text.retry)}</button>
</div>`;

  const script = `
const failed = ${scriptJson(text.failed)};
const retry = document.getElementById('retry');
const errorBox = document.getElementById('form-error');
async function consent() {
  retry.hidden = true;
  errorBox.textContent = '';
  try {
    const response = await fetch('/api/interaction/consent', {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}',
    });
    const data = await response.json();
    if (!response.ok) { throw new Error(data.message || response.statusText); }
    window.location.assign(data.redirectTo);
  } catch (error) {
    errorBox.textContent = failed.replace('{error}', () => error.message);
    retry.hidden = false;
    retry.focus();
  }
}
retry.addEventListener('click', consent);
consent();
`;
  return renderPage({ title: text.title, body, script, locale });
}
