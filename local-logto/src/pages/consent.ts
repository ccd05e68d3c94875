import { escapeHtml, renderPage } from './layout.js';

/**
 * Every local app is first-party, so this page never asks: it answers
 * Logto's consent endpoint at once and follows the redirect, like Logto's own
 * sign-in app does for first-party apps.
 */
export function renderConsentPage(appName: string): string {
  const body = `<div class="card">
<h1>Continuing…</h1>
<p>Returning you to <strong>${escapeHtml(appName)}</strong>.</p>
<p id="form-error" class="error" role="alert"></p>
<noscript><p>This page needs JavaScript to continue.</p></noscript>
<button id="retry" type="button" hidden>Try again</button>
</div>`;

  const script = `
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
    errorBox.textContent = 'Could not continue: ' + error.message + ' Go back to the app and sign in again.';
    retry.hidden = false;
    retry.focus();
  }
}
retry.addEventListener('click', consent);
consent();
`;
  return renderPage({ title: 'Continuing', body, script });
}
